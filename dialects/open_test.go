package dialects

import "testing"

func TestOneLine(t *testing.T) {
	in := "failed to connect to `user=u database=db`:\n\t127.0.0.1:1 (127.0.0.1): dial error: refused\n\t127.0.0.1:1 (127.0.0.1): dial error: refused\n"
	want := "failed to connect to `user=u database=db`: 127.0.0.1:1 (127.0.0.1): dial error: refused"
	if got := oneLine(in); got != want {
		t.Errorf("oneLine = %q, want %q", got, want)
	}
}

func TestOneLineDropsRepeatedCause(t *testing.T) {
	in := "failed to connect to `user=u database=db`: hostname resolving error: lookup h on r:53: no such host\n\tlookup h on r:53: no such host"
	want := "failed to connect to `user=u database=db`: hostname resolving error: lookup h on r:53: no such host"
	if got := oneLine(in); got != want {
		t.Errorf("oneLine = %q, want %q", got, want)
	}
}
