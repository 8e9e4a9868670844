package dotenv

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// FuzzParse checks that Parse never panics and that Set edits only what it
// should: after Set(path, key, value, true) on any file Parse accepts, the
// file reads back as the same entries with the key's last value replaced (or
// the key appended).
func FuzzParse(f *testing.F) {
	for _, seed := range []struct{ data, value string }{
		{"", "v"},
		{"A=1\nB=2", "two words"},
		{"export FUZZ_KEY='old' # c\r\nB=\"x\ny\"\r\n", "a\"b\\c\nd\re#f'g"},
		{"FUZZ_KEY=\nFUZZ_KEY= # c", ""},
		{"\xef\xbb\xbf# only a comment", " leading and trailing "},
		{"A=\"unterminated\n", "x"},
		{"A=x\r", "\\"},
		{"A=\"\r\n\"\r", "0"}, // found by CI: Set appended CRLF after the lone CR
		{"FUZZ_KEY=\"a\\\"\"#c", "$HOME ${X}"},
	} {
		f.Add([]byte(seed.data), seed.value)
	}
	const key = "FUZZ_KEY"
	f.Fuzz(func(t *testing.T, data []byte, value string) {
		before, err := Parse(data)
		if err != nil {
			return
		}
		path := filepath.Join(t.TempDir(), ".env")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := Set(path, key, value, true); err != nil {
			t.Fatalf("Set on a parsable file: %v", err)
		}
		out, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		after, err := Parse(out)
		if err != nil {
			t.Fatalf("Set produced an unparsable file %q: %v", out, err)
		}
		want := append([]Entry(nil), before...)
		replaced := false
		for i := len(want) - 1; i >= 0; i-- {
			if want[i].Key == key {
				want[i].Value, replaced = value, true
				break
			}
		}
		if !replaced {
			want = append(want, Entry{key, value})
		}
		if !reflect.DeepEqual(after, want) {
			t.Fatalf("file %q\nafter Set(%q) = %q\nparses as %q\nwant %q", data, value, out, after, want)
		}
	})
}
