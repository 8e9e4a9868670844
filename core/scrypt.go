package core

import (
	"crypto/pbkdf2"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"math/bits"
)

// scryptKey derives a key with scrypt (RFC 7914). It is written here, on
// top of crypto/pbkdf2, because core may import only the standard library.
// The salsa20/8 core, BlockMix and ROMix follow the RFC's pseudo-code; the
// RFC's test vectors are in scrypt_test.go.
func scryptKey(password, salt []byte, n, r, p, keyLen int) ([]byte, error) {
	if n <= 1 || n&(n-1) != 0 {
		return nil, errors.New("scrypt: N must be a power of 2 greater than 1")
	}
	if r <= 0 || p <= 0 || uint64(r)*uint64(p) >= 1<<30 || r > maxInt/128/p || r > maxInt/256 || n > maxInt/128/r {
		return nil, errors.New("scrypt: parameters are too large")
	}
	b, err := pbkdf2.Key(sha256.New, string(password), salt, 1, p*128*r)
	if err != nil {
		return nil, err
	}
	xy := make([]uint32, 64*r)
	v := make([]uint32, 32*n*r)
	for i := 0; i < p; i++ {
		roMix(b[i*128*r:], r, n, v, xy)
	}
	return pbkdf2.Key(sha256.New, string(password), b, 1, keyLen)
}

const maxInt = int(^uint(0) >> 1)

// roMix is scryptROMix: b (128·r bytes) is mixed in place through the
// table v (32·N·r words), with xy as scratch (64·r words).
func roMix(b []byte, r, n int, v, xy []uint32) {
	x := xy[:32*r]
	y := xy[32*r:]
	for i := range x {
		x[i] = binary.LittleEndian.Uint32(b[i*4:])
	}
	for i := 0; i < n; i += 2 {
		copy(v[i*32*r:], x)
		blockMix(x, y, r)
		copy(v[(i+1)*32*r:], y)
		blockMix(y, x, r)
	}
	for i := 0; i < n; i += 2 {
		j := int(x[(2*r-1)*16] & uint32(n-1))
		xorBlock(x, v[j*32*r:])
		blockMix(x, y, r)
		j = int(y[(2*r-1)*16] & uint32(n-1))
		xorBlock(y, v[j*32*r:])
		blockMix(y, x, r)
	}
	for i, w := range x {
		binary.LittleEndian.PutUint32(b[i*4:], w)
	}
}

func xorBlock(dst, src []uint32) {
	src = src[:len(dst)]
	for i := range dst {
		dst[i] ^= src[i]
	}
}

// blockMix is scryptBlockMix: in (2·r 64-byte blocks) → out, with the even
// blocks first and the odd ones after, as the RFC specifies.
func blockMix(in, out []uint32, r int) {
	var x [16]uint32
	copy(x[:], in[(2*r-1)*16:])
	for i := 0; i < 2*r; i++ {
		for k := 0; k < 16; k++ {
			x[k] ^= in[i*16+k]
		}
		salsa208(&x)
		dst := (i / 2) * 16
		if i%2 == 1 {
			dst += r * 16
		}
		copy(out[dst:dst+16], x[:])
	}
}

// salsa208 applies the Salsa20/8 core to b in place.
func salsa208(b *[16]uint32) {
	x := *b
	for i := 0; i < 8; i += 2 {
		// Columns.
		x[4] ^= bits.RotateLeft32(x[0]+x[12], 7)
		x[8] ^= bits.RotateLeft32(x[4]+x[0], 9)
		x[12] ^= bits.RotateLeft32(x[8]+x[4], 13)
		x[0] ^= bits.RotateLeft32(x[12]+x[8], 18)
		x[9] ^= bits.RotateLeft32(x[5]+x[1], 7)
		x[13] ^= bits.RotateLeft32(x[9]+x[5], 9)
		x[1] ^= bits.RotateLeft32(x[13]+x[9], 13)
		x[5] ^= bits.RotateLeft32(x[1]+x[13], 18)
		x[14] ^= bits.RotateLeft32(x[10]+x[6], 7)
		x[2] ^= bits.RotateLeft32(x[14]+x[10], 9)
		x[6] ^= bits.RotateLeft32(x[2]+x[14], 13)
		x[10] ^= bits.RotateLeft32(x[6]+x[2], 18)
		x[3] ^= bits.RotateLeft32(x[15]+x[11], 7)
		x[7] ^= bits.RotateLeft32(x[3]+x[15], 9)
		x[11] ^= bits.RotateLeft32(x[7]+x[3], 13)
		x[15] ^= bits.RotateLeft32(x[11]+x[7], 18)
		// Rows.
		x[1] ^= bits.RotateLeft32(x[0]+x[3], 7)
		x[2] ^= bits.RotateLeft32(x[1]+x[0], 9)
		x[3] ^= bits.RotateLeft32(x[2]+x[1], 13)
		x[0] ^= bits.RotateLeft32(x[3]+x[2], 18)
		x[6] ^= bits.RotateLeft32(x[5]+x[4], 7)
		x[7] ^= bits.RotateLeft32(x[6]+x[5], 9)
		x[4] ^= bits.RotateLeft32(x[7]+x[6], 13)
		x[5] ^= bits.RotateLeft32(x[4]+x[7], 18)
		x[11] ^= bits.RotateLeft32(x[10]+x[9], 7)
		x[8] ^= bits.RotateLeft32(x[11]+x[10], 9)
		x[9] ^= bits.RotateLeft32(x[8]+x[11], 13)
		x[10] ^= bits.RotateLeft32(x[9]+x[8], 18)
		x[12] ^= bits.RotateLeft32(x[15]+x[14], 7)
		x[13] ^= bits.RotateLeft32(x[12]+x[15], 9)
		x[14] ^= bits.RotateLeft32(x[13]+x[12], 13)
		x[15] ^= bits.RotateLeft32(x[14]+x[13], 18)
	}
	for i := range b {
		b[i] += x[i]
	}
}
