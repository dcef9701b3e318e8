package usage

import (
	"context"
	"fmt"
	"time"

	"importops/ent"
	"importops/ent/apikeyusage"
	"importops/internal/apierr"
)

// DefaultDays is how many days a query gets when it names none.
const DefaultDays = 30

// DayCounts is one UTC day of a key's usage (GraphQL's ApiKeyUsageDay).
type DayCounts struct {
	Date     string `json:"date"`
	Requests int    `json:"requests"`
	Refused  int    `json:"refused"`
}

// Read returns the last days UTC days of key's usage, ending with the day
// of now, oldest first, days without requests included as zeros. The
// client's context must carry the viewer: rows are read within its
// organisation. days is 1 to Days (nil: DefaultDays).
func Read(ctx context.Context, client *ent.Client, key int, days *int, now time.Time) ([]*DayCounts, error) {
	n, first, err := Window(days, now)
	if err != nil {
		return nil, err
	}
	rows, err := client.APIKeyUsage.Query().
		Where(apikeyusage.APIKeyID(key), apikeyusage.DayGTE(first)).
		All(ctx)
	if err != nil {
		return nil, err
	}
	return Counts(rows, n, now), nil
}

// Window checks days (nil: DefaultDays) and returns how many days it is
// and the first of them, for reading the rows from that day on.
func Window(days *int, now time.Time) (n int, first string, err error) {
	n = DefaultDays
	if days != nil {
		n = *days
	}
	if n < 1 || n > Days {
		return 0, "", apierr.Input("days", fmt.Sprintf("days must be from 1 to %d (usage is kept %d days), not %d", Days, Days, n))
	}
	return n, Day(now.UTC().AddDate(0, 0, -(n - 1))), nil
}

// Counts lays a key's usage rows out as its last n days ending with the
// day of now; rows outside them (read for a longer window) are left out.
func Counts(rows []*ent.APIKeyUsage, n int, now time.Time) []*DayCounts {
	today := now.UTC()
	byDay := make(map[string]*ent.APIKeyUsage, len(rows))
	for _, r := range rows {
		byDay[r.Day] = r
	}
	out := make([]*DayCounts, n)
	for i := range out {
		d := Day(today.AddDate(0, 0, i-(n-1)))
		out[i] = &DayCounts{Date: d}
		if r := byDay[d]; r != nil {
			out[i].Requests, out[i].Refused = int(r.Requests), int(r.Refused)
		}
	}
	return out
}
