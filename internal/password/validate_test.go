package password

import (
	"strings"
	"testing"
)

func TestValidate(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		wantErr string
	}{
		{"ten characters", "abcdefghij", ""},
		{"256 bytes", strings.Repeat("a", 256), ""},
		{"ten accented characters, 20 bytes", strings.Repeat("é", 10), ""},
		{"empty", "", "Password must be at least 10 characters"},
		{"nine characters", "abcdefghi", "Password must be at least 10 characters"},
		{"nine characters in 18 bytes", strings.Repeat("é", 9), "Password must be at least 10 characters"},
		{"257 bytes", strings.Repeat("a", 257), "Password must be at most 256 bytes long (accented letters and emoji count as several)"},
		{"200 characters in 400 bytes", strings.Repeat("é", 200), "Password must be at most 256 bytes long (accented letters and emoji count as several)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Validate(tt.in)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("Validate = %v, want nil", err)
			case tt.wantErr != "" && (err == nil || err.Error() != tt.wantErr):
				t.Errorf("Validate = %v, want %q", err, tt.wantErr)
			}
		})
	}
}
