package database

import (
	"context"
	"fmt"

	"importops/ent"
)

// InTx runs fn in a transaction, committing if it returns nil and rolling
// back otherwise (or if it panics).
func (db *DB) InTx(ctx context.Context, fn func(tx *ent.Tx) error) error {
	return InTx(ctx, db.Client, fn)
}

// InTx is DB.InTx for code that holds only the ent client.
func InTx(ctx context.Context, client *ent.Client, fn func(tx *ent.Tx) error) error {
	tx, err := client.Tx(ctx)
	if err != nil {
		return err
	}
	defer func() {
		if p := recover(); p != nil {
			tx.Rollback()
			panic(p)
		}
	}()
	if err := fn(tx); err != nil {
		if rerr := tx.Rollback(); rerr != nil {
			return fmt.Errorf("%w (and rolling back: %v)", err, rerr)
		}
		return err
	}
	return tx.Commit()
}
