package versioned

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestNextVersion(t *testing.T) {
	now := time.Date(2026, 12, 3, 22, 40, 5, 0, time.FixedZone("CET", 3600))
	for _, c := range []struct {
		have []string
		want string
	}{
		{nil, "20261203214005"}, // UTC
		{[]string{"0001"}, "0002"},
		{[]string{"0001", "0009"}, "0010"},
		{[]string{"1", "2"}, "3"},
		{[]string{"20250101000000"}, "20261203214005"},
		{[]string{"20261203214005"}, "20261203214006"}, // the clock is not ahead
		{[]string{"30000101000000"}, "30000101000001"},
		{[]string{"0001", "20250101000000"}, "20261203214005"},
	} {
		var files []migrationFile
		for _, v := range c.have {
			files = append(files, migrationFile{name: v + "_x.sql", version: v})
		}
		if got := nextVersion(files, now); got != c.want {
			t.Errorf("nextVersion(%v) = %s, want %s", c.have, got, c.want)
		}
	}
}

func TestParseFormat(t *testing.T) {
	for in, want := range map[string]Format{"goose": Goose, "Golang-Migrate": GolangMigrate, "migrate": GolangMigrate, "dbmate": DBMate, "atlas": Atlas, "sql": SQL} {
		if got, err := ParseFormat(in); err != nil || got != want {
			t.Errorf("ParseFormat(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := ParseFormat("flyway"); err == nil || !strings.Contains(err.Error(), "use one of goose, golang-migrate, dbmate, atlas, sql") {
		t.Errorf("flyway: %v", err)
	}
}

func TestExisting(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("2_b.up.sql", "x;")
	write("2_b.down.sql", "x;")
	write("10_c.up.sql", "x;")
	write("README.md", "not a migration")
	if _, err := GolangMigrate.existing(dir, "m"); err == nil || !strings.Contains(err.Error(), "2_b.up.sql sorts after 10_c.up.sql by name but not by version") {
		t.Errorf("unpadded versions: %v", err)
	}
	os.Rename(filepath.Join(dir, "2_b.up.sql"), filepath.Join(dir, "02_b.up.sql"))
	files, err := GolangMigrate.existing(dir, "m")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 2 || files[0].version != "02" || files[1].version != "10" {
		t.Errorf("files: %+v", files)
	}
	if got := nextVersion(files, time.Now()); got != "11" {
		t.Errorf("next after 02 and 10: %s", got)
	}
	write("2_dup.up.sql", "x;")
	if _, err := GolangMigrate.existing(dir, "m"); err == nil || !strings.Contains(err.Error(), "have the same version") {
		t.Errorf("duplicate versions: %v", err)
	}
	if _, err := Goose.existing(filepath.Join(dir, "missing"), "missing"); err != nil {
		t.Errorf("a missing directory is empty: %v", err)
	}
}

func TestMarkerLine(t *testing.T) {
	for text, want := range map[string][2]string{
		"-- migrate:up\nCREATE TABLE t (a int);": {"true", ""},
		"-- migrate:up  \r\nx;":                  {"true", ""},
		"-- migrate:up transaction:false\nx;":    {"false", "-- migrate:up transaction:false"},
		"-- MIGRATE:UP\nx;":                      {"false", "-- MIGRATE:UP"},
		"CREATE TABLE t (a int);":                {"false", ""},
	} {
		found, other := markerLine(text, DBMate.upMarker())
		if fmt.Sprint(found) != want[0] || other != want[1] {
			t.Errorf("markerLine(%q) = %v, %q", text, found, other)
		}
	}
}
