package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"time"
)

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: treerss OUTFILE COMMAND [ARG...]")
		os.Exit(2)
	}
	cmd := exec.Command(os.Args[2], os.Args[3:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "treerss:", err)
		os.Exit(2)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var peak int64
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	var err error
loop:
	for {
		if kib := treeRSS(cmd.Process.Pid); kib > peak {
			peak = kib
		}
		select {
		case err = <-done:
			break loop
		case <-tick.C:
		}
	}
	if werr := os.WriteFile(os.Args[1], []byte(strconv.FormatInt(peak, 10)+"\n"), 0o644); werr != nil {
		fmt.Fprintln(os.Stderr, "treerss:", werr)
		os.Exit(2)
	}
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			os.Exit(ee.ExitCode())
		}
		os.Exit(1)
	}
}

// treeRSS sums VmRSS (KiB) of root and its descendants.
func treeRSS(root int) int64 {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return 0
	}
	parent := map[int]int{}
	rss := map[int]int64{}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		status, err := os.ReadFile("/proc/" + e.Name() + "/status")
		if err != nil {
			continue // exited meanwhile
		}
		parent[pid] = field(status, "PPid:")
		rss[pid] = int64(field(status, "VmRSS:"))
	}
	var sum int64
	for pid := range rss {
		for p := pid; p > 1; p = parent[p] {
			if p == root {
				sum += rss[pid]
				break
			}
		}
	}
	return sum
}

// field returns the first number after name in a /proc status file.
func field(status []byte, name string) int {
	i := bytes.Index(status, []byte(name))
	if i < 0 {
		return 0
	}
	rest := bytes.TrimLeft(status[i+len(name):], " \t")
	end := bytes.IndexAny(rest, " \t\n")
	if end < 0 {
		end = len(rest)
	}
	n, _ := strconv.Atoi(string(rest[:end]))
	return n
}
