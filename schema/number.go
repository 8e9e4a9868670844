package schema

import (
	"encoding/json"
	"math"
	"strconv"
)

// NumberLiteral formats a numeric default (any Go integer or float type,
// or a json.Number) as a decimal literal, the way SQL, Prisma and
// JavaScript all write it. ok is false for non-numbers, NaN and
// infinities; integral reports whether the value has no fractional part
// (number columns are integers, so dialects accept only those).
func NumberLiteral(v any) (lit string, integral, ok bool) {
	switch n := v.(type) {
	case int:
		return strconv.FormatInt(int64(n), 10), true, true
	case int8:
		return strconv.FormatInt(int64(n), 10), true, true
	case int16:
		return strconv.FormatInt(int64(n), 10), true, true
	case int32:
		return strconv.FormatInt(int64(n), 10), true, true
	case int64:
		return strconv.FormatInt(n, 10), true, true
	case uint:
		return strconv.FormatUint(uint64(n), 10), true, true
	case uint8:
		return strconv.FormatUint(uint64(n), 10), true, true
	case uint16:
		return strconv.FormatUint(uint64(n), 10), true, true
	case uint32:
		return strconv.FormatUint(uint64(n), 10), true, true
	case uint64:
		return strconv.FormatUint(n, 10), true, true
	case float32:
		return float(float64(n), 32)
	case float64:
		return float(n, 64)
	case json.Number:
		if i, err := n.Int64(); err == nil {
			return strconv.FormatInt(i, 10), true, true
		}
		f, err := n.Float64()
		if err != nil {
			return "", false, false
		}
		return float(f, 64)
	}
	return "", false, false
}

func float(f float64, bits int) (string, bool, bool) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "", false, false
	}
	return strconv.FormatFloat(f, 'f', -1, bits), f == math.Trunc(f), true
}
