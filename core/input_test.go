package core

import (
	"encoding/json"
	"testing"

	"github.com/authctl/authctl/schema"
)

func TestTruthy(t *testing.T) {
	for _, c := range []struct {
		v    any
		want bool
	}{
		{nil, false}, {false, false}, {"", false}, {json.Number("0"), false}, {json.Number("-0"), false},
		{json.Number("0.0"), false}, {json.Number("0e5"), false},
		{true, true}, {"x", true}, {json.Number("1"), true}, {json.Number("-0.5"), true},
		{[]any{}, true}, {map[string]any{}, true},
	} {
		if got := truthy(c.v); got != c.want {
			t.Errorf("truthy(%#v) = %v, want %v", c.v, got, c.want)
		}
	}
}

func TestIntegerInput(t *testing.T) {
	big := schema.Field{Name: "n", Type: schema.TypeNumber, BigInt: true}
	small := schema.Field{Name: "n", Type: schema.TypeNumber}
	for _, c := range []struct {
		f    schema.Field
		in   string
		want int64
		ok   bool
	}{
		{small, "2147483647", 2147483647, true},
		{small, "2147483648", 0, false},
		{small, "-2147483648", -2147483648, true},
		{small, "2.0", 2, true},
		{small, "1e3", 1000, true},
		{small, "1.5", 0, false},
		{big, "9223372036854775807", 9223372036854775807, true},
		{big, "-9223372036854775808", -9223372036854775808, true},
		{big, "9223372036854775808", 0, false},
		{big, "-9223372036854775809", 0, false},
		{big, "1e19", 0, false},
		{big, "1e400", 0, false},
	} {
		got, err := integerInput(c.f, json.Number(c.in))
		if (err == nil) != c.ok || got != c.want {
			t.Errorf("integerInput(bigint=%v, %s) = %d, %v; want %d, ok=%v", c.f.BigInt, c.in, got, err, c.want, c.ok)
		}
	}
}
