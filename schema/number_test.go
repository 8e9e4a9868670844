package schema

import (
	"encoding/json"
	"math"
	"testing"
)

func TestNumberLiteral(t *testing.T) {
	cases := []struct {
		v        any
		lit      string
		integral bool
		ok       bool
	}{
		{0, "0", true, true},
		{int8(-3), "-3", true, true},
		{uint64(18446744073709551615), "18446744073709551615", true, true},
		{86400000, "86400000", true, true},
		{1.5, "1.5", false, true},
		{float32(2), "2", true, true},
		{1e21, "1000000000000000000000", true, true},
		{json.Number("42"), "42", true, true},
		{json.Number("0.25"), "0.25", false, true},
		{math.NaN(), "", false, false},
		{math.Inf(1), "", false, false},
		{"7", "", false, false},
		{true, "", false, false},
	}
	for _, c := range cases {
		lit, integral, ok := NumberLiteral(c.v)
		if lit != c.lit || integral != c.integral || ok != c.ok {
			t.Errorf("NumberLiteral(%#v) = %q, %v, %v; want %q, %v, %v", c.v, lit, integral, ok, c.lit, c.integral, c.ok)
		}
	}
}
