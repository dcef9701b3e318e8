package vin

import "testing"

func TestNormalize(t *testing.T) {
	const valid = "1HGCM82633A004352"
	tests := []struct {
		name    string
		in      string
		want    string
		wantErr string
	}{
		{"valid", valid, valid, ""},
		{"lower case", "1hgcm82633a004352", valid, ""},
		{"mixed case", "1hGcM82633a004352", valid, ""},
		{"surrounding spaces", "  " + valid + " ", valid, ""},
		{"tab and newline", "\t" + valid + "\r\n", valid, ""},
		{"all digits", "12345678901234567", "12345678901234567", ""},
		{"letters either side of the forbidden ones", "HJNPRZHJNPRZHJNPR", "HJNPRZHJNPRZHJNPR", ""},
		{"empty", "", "", "VIN must be 17 characters (got 0)"},
		{"only spaces", "     ", "", "VIN must be 17 characters (got 0)"},
		{"16 characters", valid[:16], "", "VIN must be 17 characters (got 16)"},
		{"18 characters", valid + "1", "", "VIN must be 17 characters (got 18)"},
		{"inner space", "1HGCM826 33A004352", "", "VIN must be 17 characters (got 18)"},
		{"inner space at 17", "1HGCM826 3A004352", "", "VIN may contain only letters and digits"},
		{"hyphen", "1HGCM-2633A004352", "", "VIN may contain only letters and digits"},
		{"non-ASCII letter counted once", "1HGCM82633Ä004352", "", "VIN may contain only letters and digits"},
		{"dotless i is not I", "1HGCM82633ı004352", "", "VIN may contain only letters and digits"},
		{"long s is not S", "1HGCM82633ſ004352", "", "VIN may contain only letters and digits"},
		{"fullwidth digit", "1HGCM82633１004352", "", "VIN may contain only letters and digits"},
		{"letter I", "1HGCM82633I004352", "", "VIN cannot contain the letters I, O or Q (they look like 1 and 0)"},
		{"letter o lower case", "1HGCM82633o004352", "", "VIN cannot contain the letters I, O or Q (they look like 1 and 0)"},
		{"letter Q", "QHGCM82633A004352", "", "VIN cannot contain the letters I, O or Q (they look like 1 and 0)"},
		{"bad character wins over Q", "QHGCM82633A00435*", "", "VIN may contain only letters and digits"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Normalize(tt.in)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("Normalize(%q) = %q, %v; want error %q", tt.in, got, err, tt.wantErr)
				}
				if got != "" {
					t.Errorf("Normalize(%q) returned %q alongside an error", tt.in, got)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("Normalize(%q) = %q, %v; want %q, nil", tt.in, got, err, tt.want)
			}
		})
	}
}
