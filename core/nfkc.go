package core

import (
	"strconv"
	"strings"
	"sync"
)

// nfkc returns s in Unicode Normalization Form KC, as JavaScript's
// String.prototype.normalize("NFKC") does. Better Auth hashes the NFKC form
// of a password, so the same password typed with a different (but
// compatible) encoding verifies on both servers. The standard library has
// no normalization, and core may import nothing else, so this is the
// UAX #15 algorithm over tables generated from golang.org/x/text
// (nfkc_tables.go; TestNFKCTables regenerates and checks them, and
// TestNFKCMatchesXText compares the result with x/text for every code point).
func nfkc(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return s // ASCII is NFKC already; most passwords stop here.
	}
	loadNFKC()
	d := make([]rune, 0, len(s))
	for _, r := range s {
		d = decompose(d, r)
	}
	reorder(d)
	return string(compose(d))
}

var (
	nfkcOnce   sync.Once
	nfkcDecomp map[rune][]rune
	nfkcCCC    map[rune]uint8
	nfkcComp   map[[2]rune]rune
)

// loadNFKC parses the generated tables on first use.
func loadNFKC() {
	nfkcOnce.Do(func() {
		nfkcDecomp = map[rune][]rune{}
		for _, e := range strings.Split(nfkcDecompTable, ";") {
			k, v, _ := strings.Cut(e, ":")
			var rs []rune
			for _, h := range strings.Fields(v) {
				rs = append(rs, hexRune(h))
			}
			nfkcDecomp[hexRune(k)] = rs
		}
		nfkcCCC = map[rune]uint8{}
		for _, e := range strings.Split(nfkcCCCTable, ";") {
			k, v, _ := strings.Cut(e, ":")
			lo, hi, ok := strings.Cut(k, "-")
			if !ok {
				hi = lo
			}
			c, _ := strconv.Atoi(v)
			for r := hexRune(lo); r <= hexRune(hi); r++ {
				nfkcCCC[r] = uint8(c)
			}
		}
		nfkcComp = map[[2]rune]rune{}
		for _, e := range strings.Split(nfkcCompTable, ";") {
			k, v, _ := strings.Cut(e, ":")
			a, b, _ := strings.Cut(k, " ")
			nfkcComp[[2]rune{hexRune(a), hexRune(b)}] = hexRune(v)
		}
	})
}

func hexRune(h string) rune {
	v, _ := strconv.ParseUint(h, 16, 32)
	return rune(v)
}

// Hangul syllables decompose and compose algorithmically (Unicode §3.12).
const (
	hangulS = 0xAC00
	hangulL = 0x1100
	hangulV = 0x1161
	hangulT = 0x11A7
	hangulN = 588 // V count × T count
	hangulC = 11172
)

func decompose(d []rune, r rune) []rune {
	if r >= hangulS && r < hangulS+hangulC {
		i := r - hangulS
		d = append(d, hangulL+i/hangulN, hangulV+(i%hangulN)/28)
		if t := i % 28; t != 0 {
			d = append(d, hangulT+t)
		}
		return d
	}
	if rs, ok := nfkcDecomp[r]; ok {
		return append(d, rs...)
	}
	return append(d, r)
}

// reorder puts each run of combining marks in canonical order (a stable
// sort by combining class).
func reorder(d []rune) {
	for i := 1; i < len(d); i++ {
		c := nfkcCCC[d[i]]
		if c == 0 {
			continue
		}
		for j := i; j > 0; j-- {
			p := nfkcCCC[d[j-1]]
			if p == 0 || p <= c {
				break
			}
			d[j-1], d[j] = d[j], d[j-1]
		}
	}
}

// compose is the canonical composition algorithm of UAX #15.
func compose(d []rune) []rune {
	if len(d) == 0 {
		return d
	}
	starter, last := 0, int(nfkcCCC[d[0]])
	if last != 0 {
		last = 256 // a leading mark blocks every composition
	}
	n := 1
	for _, ch := range d[1:] {
		cc := int(nfkcCCC[ch])
		if c, ok := composePair(d[starter], ch); ok && (last < cc || last == 0) {
			d[starter] = c
			continue
		}
		if cc == 0 {
			starter = n
		}
		last = cc
		d[n] = ch
		n++
	}
	return d[:n]
}

func composePair(a, b rune) (rune, bool) {
	if a >= hangulL && a < hangulL+19 && b >= hangulV && b < hangulV+21 {
		return hangulS + ((a-hangulL)*21+(b-hangulV))*28, true
	}
	if a >= hangulS && a < hangulS+hangulC && (a-hangulS)%28 == 0 && b > hangulT && b < hangulT+28 {
		return a + (b - hangulT), true
	}
	c, ok := nfkcComp[[2]rune{a, b}]
	return c, ok
}
