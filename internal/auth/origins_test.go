package auth

import "testing"

func TestParseOrigin(t *testing.T) {
	for in, want := range map[string]string{
		"https://app.importops.example":      "https://app.importops.example",
		"https://App.ImportOps.Example/":     "https://app.importops.example",
		"http://localhost:5173":              "http://localhost:5173",
		"https://app.importops.example/path": "",
		"app.importops.example":              "",
		"ftp://app.importops.example":        "",
		"https://user@app.importops.example": "",
		"https://app.importops.example?x=1":  "",
		"":                                   "",
	} {
		got, err := ParseOrigin(in)
		if (err != nil) != (want == "") || got != want {
			t.Errorf("ParseOrigin(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}
