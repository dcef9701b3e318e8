package server_test

import (
	"strings"
	"testing"

	"importops/internal/testenv"
)

// invisibleNames are names that would spoof another in the key list, the
// vehicle list or the audit log, each with what the refusal must say.
var invisibleNames = []struct{ name, value, says string }{
	{"right-to-left override", "Backup\u202Epxe.exe", "U+202E"},
	{"only zero-width spaces", "\u200B\u200B", "U+200B"},
	{"line separator", "ERP\u2028sync", "U+2028"},
	{"byte order mark", "\uFEFFERP sync", "U+FEFF"},
	{"private use", "ERP \uE000 sync", "private-use"},
	{"nothing visible", "\u3164", "visible"},
}

// TestNamesRefuseInvisibleCharacters: createApiKey and createVehicle
// refuse names with invisible, direction-changing or private-use
// characters, naming the field and the character, and write nothing.
func TestNamesRefuseInvisibleCharacters(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, _, _, admin := keysSetup(t, url)
		for _, tc := range invisibleNames {
			t.Run("key "+tc.name, func(t *testing.T) {
				r := admin.Do(keysCreateMutation, testenv.Vars{"input": map[string]any{"name": tc.value, "expiry": "THREE_MONTHS"}})
				msg := keysWantInputError(t, r, "name")
				if !strings.HasPrefix(msg, "Name ") || !strings.Contains(msg, tc.says) {
					t.Errorf("message %q should name the field and say %q", msg, tc.says)
				}
				keysWantNothingWritten(t, env, 0, 0)
			})
			for _, field := range []string{"make", "model"} {
				t.Run("vehicle "+field+" "+tc.name, func(t *testing.T) {
					in := vehInput(testenv.VIN(1))
					in[field] = tc.value
					msg := vehWantInput(t, admin.Do(vehCreate, testenv.Vars{"input": in}), field)
					label := strings.ToUpper(field[:1]) + field[1:] + " "
					if !strings.HasPrefix(msg, label) || !strings.Contains(msg, tc.says) {
						t.Errorf("message %q should name the field and say %q", msg, tc.says)
					}
					if n := env.VehicleCount(); n != 0 {
						t.Errorf("%d vehicles after a refused create", n)
					}
				})
			}
		}
		// Ordinary text in other scripts, accents and emoji still passes.
		keysCreate(t, admin, map[string]any{"name": "Déjà vu — 日本 🚗", "expiry": "THREE_MONTHS"})
	})
}
