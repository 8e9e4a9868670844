package core_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/authctl/authctl/core/redisstore"
)

// The Redis tests run against a real redis-server: the one .ci/services.sh
// starts (AUTHCTL_TEST_REDIS_URL; each test keeps its keys behind its own
// prefix and deletes them afterwards), or, for the tests that stop and
// restart Redis, one of their own (redis-server on PATH). Without either
// they skip, as the PostgreSQL and MariaDB tests do.

// redisURL is the shared test Redis, or a skip.
func redisURL(t *testing.T) string {
	t.Helper()
	u := os.Getenv("AUTHCTL_TEST_REDIS_URL")
	if u == "" {
		t.Skip("AUTHCTL_TEST_REDIS_URL is not set (see .ci/services.sh)")
	}
	return u
}

// redisPrefix is a key prefix no other test uses.
func redisPrefix(t *testing.T) string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return "authctl-test-" + hex.EncodeToString(b) + ":"
}

// openRedis opens a Store on url with prefix and, at cleanup, deletes
// every key behind the prefix.
func openRedis(t *testing.T, url, prefix string) *redisstore.Store {
	t.Helper()
	s, err := redisstore.Open(url, redisstore.Options{KeyPrefix: &prefix})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx := context.Background()
		iter := s.Client().Scan(ctx, 0, prefix+"*", 100).Iterator()
		for iter.Next(ctx) {
			s.Client().Del(ctx, iter.Val())
		}
		s.Close()
	})
	return s
}

// redisKeys lists the keys behind prefix, without it.
func redisKeys(t *testing.T, s *redisstore.Store, prefix string) []string {
	t.Helper()
	ctx := context.Background()
	var out []string
	iter := s.Client().Scan(ctx, 0, prefix+"*", 100).Iterator()
	for iter.Next(ctx) {
		out = append(out, iter.Val()[len(prefix):])
	}
	if err := iter.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// ownRedis is a redis-server of one test's own, which it may stop and
// start again on the same port.
type ownRedis struct {
	t    *testing.T
	dir  string
	port int
	cmd  *exec.Cmd
}

func (r *ownRedis) url() string { return "redis://127.0.0.1:" + strconv.Itoa(r.port) }

// newOwnRedis reserves a free port for a redis-server of the test's own
// (not started yet), or skips without redis-server.
func newOwnRedis(t *testing.T) *ownRedis {
	t.Helper()
	if _, err := exec.LookPath("redis-server"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("redis-server is not installed (.ci/services.sh installs it)")
		}
		t.Skip("redis-server is not installed")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	r := &ownRedis{t: t, dir: t.TempDir(), port: port}
	t.Cleanup(r.stop)
	return r
}

// start runs redis-server and waits until it answers. Its data (an
// append-only file written at once) survives stop and start, as a
// production Redis's would.
func (r *ownRedis) start() {
	r.t.Helper()
	r.cmd = exec.Command("redis-server", "--bind", "127.0.0.1", "--port", strconv.Itoa(r.port),
		"--dir", r.dir, "--save", "", "--appendonly", "yes", "--appendfsync", "always", "--logfile", filepath.Join(r.dir, "redis.log"))
	if err := r.cmd.Start(); err != nil {
		r.t.Fatal(err)
	}
	for range 100 {
		c, err := net.DialTimeout("tcp", "127.0.0.1:"+strconv.Itoa(r.port), 100*time.Millisecond)
		if err == nil {
			c.Close()
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	r.t.Fatal("redis-server did not start")
}

// stop ends this test's redis-server (by its pid) and waits for it.
func (r *ownRedis) stop() {
	if r.cmd != nil && r.cmd.Process != nil {
		_ = r.cmd.Process.Signal(syscall.SIGTERM)
		_ = r.cmd.Wait()
		r.cmd = nil
	}
}
