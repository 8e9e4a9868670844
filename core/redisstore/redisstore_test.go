package redisstore_test

import (
	"context"
	"errors"
	"net"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/redisstore"
)

var (
	_ core.SecondaryStorage            = (*redisstore.Store)(nil)
	_ core.SecondaryStorageIncrementer = (*redisstore.Store)(nil)
)

func open(t *testing.T) (*redisstore.Store, string) {
	t.Helper()
	u := os.Getenv("AUTHCTL_TEST_REDIS_URL")
	if u == "" {
		t.Skip("AUTHCTL_TEST_REDIS_URL is not set (see .ci/services.sh)")
	}
	prefix := "authctl-store-test-" + strconv.FormatInt(time.Now().UnixNano(), 36) + ":"
	s, err := redisstore.Open(u, redisstore.Options{KeyPrefix: &prefix})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx := context.Background()
		it := s.Client().Scan(ctx, 0, prefix+"*", 100).Iterator()
		for it.Next(ctx) {
			s.Client().Del(ctx, it.Val())
		}
		s.Close()
	})
	return s, prefix
}

func TestStoreGetSetDelete(t *testing.T) {
	s, prefix := open(t)
	ctx := t.Context()
	if v, err := s.Get(ctx, "absent"); v != "" || err != nil {
		t.Fatalf("absent: %q %v", v, err)
	}
	if err := s.Set(ctx, "k", `{"a":1}`, 90*time.Second); err != nil {
		t.Fatal(err)
	}
	if v, _ := s.Get(ctx, "k"); v != `{"a":1}` {
		t.Fatalf("get %q", v)
	}
	// Stored under the prefix, with the TTL in whole seconds.
	if ttl := s.Client().TTL(ctx, prefix+"k").Val(); ttl <= 85*time.Second || ttl > 90*time.Second {
		t.Fatalf("ttl %v", ttl)
	}
	if err := s.Set(ctx, "forever", "x", 0); err != nil {
		t.Fatal(err)
	}
	if ttl := s.Client().TTL(ctx, prefix+"forever").Val(); ttl != -1 {
		t.Fatalf("no-ttl key: ttl %v", ttl)
	}
	if err := s.Delete(ctx, "k"); err != nil {
		t.Fatal(err)
	}
	if v, _ := s.Get(ctx, "k"); v != "" {
		t.Fatalf("deleted key: %q", v)
	}
	_ = s.Set(ctx, "once", "v", time.Minute)
	if v, err := s.GetAndDelete(ctx, "once"); v != "v" || err != nil {
		t.Fatalf("getAndDelete: %q %v", v, err)
	}
	if v, err := s.GetAndDelete(ctx, "once"); v != "" || err != nil {
		t.Fatalf("second getAndDelete: %q %v", v, err)
	}
}

// 50 concurrent increments count 50, and the TTL is set once, on creation.
func TestStoreIncrement(t *testing.T) {
	s, prefix := open(t)
	ctx := t.Context()
	var wg sync.WaitGroup
	seen := make(chan int64, 50)
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n, err := s.Increment(ctx, "ip|/path", 10*time.Second)
			if err != nil {
				t.Error(err)
			}
			seen <- n
		}()
	}
	wg.Wait()
	close(seen)
	got := map[int64]bool{}
	for n := range seen {
		got[n] = true
	}
	if len(got) != 50 || !got[1] || !got[50] {
		t.Fatalf("counts %v", got)
	}
	s.Client().Expire(ctx, prefix+"ip|/path", 100*time.Second)
	if _, err := s.Increment(ctx, "ip|/path", 10*time.Second); err != nil {
		t.Fatal(err)
	}
	if ttl := s.Client().TTL(ctx, prefix+"ip|/path").Val(); ttl < 95*time.Second {
		t.Fatalf("a later increment changed the TTL: %v", ttl)
	}
}

// A Redis that does not answer fails each call quickly with ErrUnavailable,
// and the error names neither the URL's password nor anything else secret.
func TestStoreUnavailable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	s, err := redisstore.Open("redis://:hunter2secret@127.0.0.1:"+strconv.Itoa(port)+"/0", redisstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	start := time.Now()
	_, err = s.Get(t.Context(), "k")
	if !errors.Is(err, redisstore.ErrUnavailable) {
		t.Fatalf("err %v, want ErrUnavailable", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Fatalf("took %v", d)
	}
	for _, bad := range []string{"hunter2secret"} {
		if e := err.Error(); len(e) == 0 || contains(e, bad) {
			t.Fatalf("error %q", e)
		}
	}
	if _, err := s.Increment(t.Context(), "k", time.Second); !errors.Is(err, redisstore.ErrUnavailable) {
		t.Fatalf("increment: %v", err)
	}
	if _, err := redisstore.Open("not a url", redisstore.Options{}); err == nil {
		t.Fatal("a bad URL opened")
	}
}

func contains(s, sub string) bool { // strings.Contains, kept local
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}
