import type { KeyDetails } from '../types';
import './UsageChart.css';

type Day = KeyDetails['usage'][number];

const W = 600;
const H = 140;

const dayLabel = (date: string) =>
  new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));

/**
 * Requests and refusals per UTC day as stacked bars, in plain SVG. The
 * numbers are also in a table for screen readers, and in the summary line.
 */
export function UsageChart({ days }: { days: Day[] }) {
  const total = days.reduce((n, d) => n + d.requests, 0);
  const refused = days.reduce((n, d) => n + d.refused, 0);
  const max = Math.max(1, ...days.map((d) => d.requests + d.refused));
  const slot = W / Math.max(1, days.length);
  const bar = Math.max(2, slot * 0.7);
  const y = (n: number) => (n / max) * (H - 4);

  if (total + refused === 0) return <p>No requests with this key in the last {days.length} days.</p>;
  return (
    <figure className="usage">
      <figcaption className="usage-summary">
        {total.toLocaleString()} {total === 1 ? 'request' : 'requests'} served and {refused.toLocaleString()} refused in the last{' '}
        {days.length} days (UTC); at most {max.toLocaleString()} in a day.
      </figcaption>
      <svg className="usage-chart" viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" aria-hidden="true" focusable="false">
        <line x1="0" x2={W} y1={H} y2={H} className="usage-axis" />
        {days.map((d, i) => {
          const x = i * slot + (slot - bar) / 2;
          const served = y(d.requests);
          const bad = y(d.refused);
          return (
            <g key={d.date}>
              <rect x={x} y={H - served} width={bar} height={served} className="usage-served" />
              <rect x={x} y={H - served - bad} width={bar} height={bad} className="usage-refused" />
            </g>
          );
        })}
      </svg>
      {days.length > 0 && (
        <p className="usage-ticks" aria-hidden="true">
          <span>{dayLabel(days[0].date)}</span>
          <span>{dayLabel(days[days.length - 1].date)}</span>
        </p>
      )}
      <p className="usage-legend" aria-hidden="true">
        <span className="swatch usage-served" /> Served <span className="swatch usage-refused" /> Refused
      </p>
      <table className="sr-only">
        <caption>Requests per day</caption>
        <thead>
          <tr>
            <th scope="col">Day (UTC)</th>
            <th scope="col">Served</th>
            <th scope="col">Refused</th>
          </tr>
        </thead>
        <tbody>
          {days.map((d) => (
            <tr key={d.date}>
              <th scope="row">{d.date}</th>
              <td>{d.requests}</td>
              <td>{d.refused}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
