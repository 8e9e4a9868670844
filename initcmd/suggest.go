package initcmd

import "strings"

// Closest returns the choice most like value, or "" when none is close
// enough to be a likely typo: at most one edit for names of up to four
// letters, two for longer ones (an edit is an insertion, deletion,
// substitution or swap of adjacent letters, ignoring case, "-" and "_"), or
// value being the start of exactly one choice. Ties go to the earlier choice.
func Closest(value string, choices []string) string {
	v := fold(value)
	if v == "" {
		return ""
	}
	limit := 1
	if len(v) > 4 {
		limit = 2
	}
	best, bestD := "", limit+1
	for _, c := range choices {
		if d := distance(v, fold(c)); d < bestD {
			best, bestD = c, d
		}
	}
	if best != "" {
		return best
	}
	var prefixed []string
	for _, c := range choices {
		if len(v) >= 3 && strings.HasPrefix(fold(c), v) {
			prefixed = append(prefixed, c)
		}
	}
	if len(prefixed) == 1 {
		return prefixed[0]
	}
	return ""
}

// distance is the optimal string alignment distance between a and b (in
// bytes; names are ASCII).
func distance(a, b string) int {
	// d[i][j] is the distance between a[:i] and b[:j]; three rows suffice.
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
