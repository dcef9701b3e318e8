package database

import (
	"context"
	"database/sql"
	"errors"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
)

// NewDriver is the ent driver Connect's client runs on, for a client of
// one's own (testenv's statement counter): ent's SQL driver, whose rows
// read their column types once per result set (see cacheColumnTypes).
func NewDriver(dial string, pool *sql.DB) dialect.Driver {
	return cacheColumnTypes(entsql.OpenDB(dial, pool))
}

// cacheColumnTypes wraps drv so that the rows its queries return, in
// transactions too, keep their column types. A page that carries a column
// of a modifier's (graph/count.go's total_count) has a column ent's
// generated code does not know: ent then asks sql.ScanTypeOf for its type
// on every row, which asks database/sql for all the column types, built
// anew each time (a slice and a value per column, for every row).
//
// ent's schema code (Schema.Create, Schema.WriteTo) needs the bare
// *sql.Rows from Query, and panics on these: give it the unwrapped driver
// (Connect does).
func cacheColumnTypes(drv dialect.Driver) dialect.Driver {
	return &typesDriver{drv}
}

type typesDriver struct{ dialect.Driver }

func (d *typesDriver) Query(ctx context.Context, query string, args, v any) error {
	if err := d.Driver.Query(ctx, query, args, v); err != nil {
		return err
	}
	keepTypes(v)
	return nil
}

func (d *typesDriver) Tx(ctx context.Context) (dialect.Tx, error) {
	tx, err := d.Driver.Tx(ctx)
	if err != nil {
		return nil, err
	}
	return &typesTx{tx}, nil
}

// BeginTx is ent's Client.BeginTx.
func (d *typesDriver) BeginTx(ctx context.Context, opts *sql.TxOptions) (dialect.Tx, error) {
	b, ok := d.Driver.(interface {
		BeginTx(context.Context, *sql.TxOptions) (dialect.Tx, error)
	})
	if !ok {
		return nil, errors.New("database: the driver cannot begin a transaction with options")
	}
	tx, err := b.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return &typesTx{tx}, nil
}

// ExecContext and QueryContext are the plain database/sql calls ent's
// generated ExecContext and QueryContext look for on the driver.
func (d *typesDriver) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return execContext(ctx, d.Driver, query, args)
}

func (d *typesDriver) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return queryContext(ctx, d.Driver, query, args)
}

type typesTx struct{ dialect.Tx }

func (t *typesTx) Query(ctx context.Context, query string, args, v any) error {
	if err := t.Tx.Query(ctx, query, args, v); err != nil {
		return err
	}
	keepTypes(v)
	return nil
}

// ExecContext and QueryContext: keycache.Bump uses them in a transaction.
func (t *typesTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return execContext(ctx, t.Tx, query, args)
}

func (t *typesTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return queryContext(ctx, t.Tx, query, args)
}

func execContext(ctx context.Context, ex any, query string, args []any) (sql.Result, error) {
	e, ok := ex.(interface {
		ExecContext(context.Context, string, ...any) (sql.Result, error)
	})
	if !ok {
		return nil, errors.New("database: ExecContext is not supported")
	}
	return e.ExecContext(ctx, query, args...)
}

func queryContext(ctx context.Context, q any, query string, args []any) (*sql.Rows, error) {
	e, ok := q.(interface {
		QueryContext(context.Context, string, ...any) (*sql.Rows, error)
	})
	if !ok {
		return nil, errors.New("database: QueryContext is not supported")
	}
	return e.QueryContext(ctx, query, args...)
}

// keepTypes wraps the rows a Query filled in.
func keepTypes(v any) {
	if rows, ok := v.(*entsql.Rows); ok && rows.ColumnScanner != nil {
		rows.ColumnScanner = &typedRows{ColumnScanner: rows.ColumnScanner}
	}
}

// typedRows answers ColumnTypes from the first call's answer until the
// result set changes. A failed call is not kept: the next one asks again.
type typedRows struct {
	entsql.ColumnScanner
	types []*sql.ColumnType
}

func (r *typedRows) ColumnTypes() ([]*sql.ColumnType, error) {
	if r.types == nil {
		types, err := r.ColumnScanner.ColumnTypes()
		if err != nil {
			return nil, err
		}
		r.types = types
	}
	return r.types, nil
}

func (r *typedRows) NextResultSet() bool {
	r.types = nil
	return r.ColumnScanner.NextResultSet()
}

// Close forgets the types, so that closed rows answer ColumnTypes as
// database/sql's do: with an error.
func (r *typedRows) Close() error {
	r.types = nil
	return r.ColumnScanner.Close()
}
