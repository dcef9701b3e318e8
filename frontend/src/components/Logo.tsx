export function Logo() {
  return (
    <span className="logo">
      <svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
        <rect width="24" height="24" rx="6" fill="currentColor" />
        <path d="M6 15.5 12 6l6 9.5M8.5 12h7" stroke="#fff" strokeWidth="2" fill="none" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
      <span>ImportOps</span>
    </span>
  );
}
