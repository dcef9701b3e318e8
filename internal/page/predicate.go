package page

import "entgo.io/ent/dialect/sql"

// Where is the predicate that selects the window's rows by id; any ent
// predicate type converts from it. Ordering and the limit are the caller's
// (Order(ent.Desc("id")), Limit(w.Size+1)).
func (w Window) Where() func(*sql.Selector) {
	return func(s *sql.Selector) {
		if w.Before > 0 {
			s.Where(sql.LT(s.C("id"), w.Before))
		}
	}
}
