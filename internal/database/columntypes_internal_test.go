package database

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"testing"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
)

// fakeRows has two result sets, and counts the ColumnTypes calls; like
// database/sql's, it builds a new slice for each call.
type fakeRows struct {
	sets   [][]*sql.ColumnType
	set    int
	calls  int
	closed bool
}

func (f *fakeRows) ColumnTypes() ([]*sql.ColumnType, error) {
	f.calls++
	if f.closed {
		return nil, errors.New("sql: Rows are closed")
	}
	return slices.Clone(f.sets[f.set]), nil
}

func (f *fakeRows) NextResultSet() bool {
	f.set++
	return f.set < len(f.sets)
}

func (f *fakeRows) Close() error               { f.closed = true; return nil }
func (f *fakeRows) Columns() ([]string, error) { return []string{"id", "total_count"}, nil }
func (f *fakeRows) Err() error                 { return nil }
func (f *fakeRows) Next() bool                 { return true }
func (f *fakeRows) Scan(...any) error          { return nil }

func newFakeRows() *fakeRows {
	return &fakeRows{sets: [][]*sql.ColumnType{
		{new(sql.ColumnType), new(sql.ColumnType)},
		{new(sql.ColumnType)},
	}}
}

// fakeDriver answers every query, in a transaction or not, with last.
type fakeDriver struct{ last *fakeRows }

func (d *fakeDriver) Query(_ context.Context, _ string, _, v any) error {
	d.last = newFakeRows()
	*v.(*entsql.Rows) = entsql.Rows{ColumnScanner: d.last}
	return nil
}

func (d *fakeDriver) Exec(context.Context, string, any, any) error { return nil }
func (d *fakeDriver) Tx(context.Context) (dialect.Tx, error)       { return fakeTx{d}, nil }
func (d *fakeDriver) BeginTx(context.Context, *sql.TxOptions) (dialect.Tx, error) {
	return fakeTx{d}, nil
}
func (d *fakeDriver) Close() error    { return nil }
func (d *fakeDriver) Dialect() string { return dialect.SQLite }

type fakeTx struct{ *fakeDriver }

func (fakeTx) Commit() error   { return nil }
func (fakeTx) Rollback() error { return nil }

// Rows from the wrapped driver, its transactions included, answer
// ColumnTypes with what the rows answer, asking them once per result set.
func TestRowsAskForColumnTypesOncePerResultSet(t *testing.T) {
	ctx := context.Background()
	fake := &fakeDriver{}
	drv := cacheColumnTypes(fake)
	tx, _ := drv.Tx(ctx)
	beginTx, _ := drv.(interface {
		BeginTx(context.Context, *sql.TxOptions) (dialect.Tx, error)
	}).BeginTx(ctx, nil)

	for name, q := range map[string]dialect.ExecQuerier{"driver": drv, "Tx": tx, "BeginTx": beginTx} {
		rows := &entsql.Rows{}
		if err := q.Query(ctx, "SELECT", []any{}, rows); err != nil {
			t.Fatal(err)
		}
		under := fake.last
		// ent asks on each row, for a column it does not know.
		wantTypes := func(set, calls int) {
			t.Helper()
			for range 3 {
				got, err := rows.ColumnTypes()
				if err != nil || !slices.Equal(got, under.sets[set]) {
					t.Fatalf("%s: result set %d: ColumnTypes = %v, %v; the rows answer %v", name, set, got, err, under.sets[set])
				}
			}
			if under.calls != calls {
				t.Errorf("%s: the rows were asked for their column types %d times, want %d", name, under.calls, calls)
			}
		}
		wantTypes(0, 1)
		if !rows.NextResultSet() {
			t.Fatalf("%s: no second result set", name)
		}
		wantTypes(1, 2)
		rows.Close()
		if _, err := rows.ColumnTypes(); err == nil {
			t.Errorf("%s: closed rows answered ColumnTypes without an error", name)
		}
	}
}
