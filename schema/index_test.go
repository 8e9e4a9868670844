package schema

import (
	"strings"
	"testing"
)

func TestIndexName(t *testing.T) {
	// Expected values come from Better Auth's getDatabaseIndexName, run in
	// Node on the same inputs.
	cases := []struct {
		table  string
		cols   []string
		unique bool
		want   string
	}{
		{"session", []string{"userId"}, false, "session_userId_idx"},
		{"user", []string{"email"}, true, "user_email_uidx"},
		{"directory_user", []string{"connection_id", "external_id"}, true, "directory_user_connection_id_external_id_uidx"},
		{"enterprise_directory_user_identity", []string{"provisioning_connection_identifier", "external_directory_subject_identifier"}, true,
			"enterprise_directory_user_identity_provisioning_c_e1bb1624_uidx"},
		// Multi-byte characters and a surrogate pair: the hash runs over
		// UTF-16 code units and the cut never splits a character.
		{"benutzerkonten_für_unternehmensverzeichnisse", []string{"größenordnung_der_einträge_😀"}, false,
			"benutzerkonten_für_unternehmensverzeichnisse_grö_6e05175d_idx"},
	}
	for _, c := range cases {
		got := IndexName(c.table, c.cols, c.unique)
		if got != c.want {
			t.Errorf("IndexName(%q, %q) = %q, want %q", c.table, c.cols, got, c.want)
		}
		if len(got) > MaxIdentifierBytes {
			t.Errorf("%q is %d bytes", got, len(got))
		}
	}
}

func TestExactly63BytesIsNotTruncated(t *testing.T) {
	table := strings.Repeat("t", 63-len("_c_idx"))
	if got := IndexName(table, []string{"c"}, false); got != table+"_c_idx" {
		t.Fatalf("got %q", got)
	}
	if got := IndexName(table+"x", []string{"c"}, false); !strings.HasSuffix(got, "_idx") || len(got) > 63 || strings.HasSuffix(got, "_c_idx") {
		t.Fatalf("64 bytes not truncated: %q", got)
	}
}

func TestMySQLWidth(t *testing.T) {
	str := func(n string) Field { return Field{Name: n, Type: TypeString} }
	tb := &Table{Key: "wide", Fields: []Field{str("a"), str("b"), str("c"), str("d"), str("e"), {Name: "n", Type: TypeNumber}, {Name: "s", Type: TypeEnum, Enum: []string{"x"}}, str("lone")},
		Indexes: []Index{
			{Fields: []string{"a", "b", "c", "d", "e"}},
			{Fields: []string{"a", "b"}, Unique: true},
			{Fields: []string{"s", "n"}},
			{Fields: []string{"id", "lone"}},
		}}
	cases := []struct {
		field string
		ids   IDStrategy
		want  int
		found bool
	}{
		{"a", IDString, 153, true},    // 3072/4/5, Better Auth's own test value
		{"b", IDString, 153, true},    // min over both indexes
		{"s", IDString, 191, true},    // (3072-16)/4/1 = 764, capped at 191
		{"lone", IDString, 191, true}, // (3072-144)/4 = 732 → 191
		{"n", IDString, 191, true},    // not a string: caller ignores it
		{"zzz", IDString, 191, false},
	}
	for _, c := range cases {
		w, ok := MySQLWidth.For(tb, c.field, c.ids)
		if w != c.want || ok != c.found {
			t.Errorf("%s: got %d,%v want %d,%v", c.field, w, ok, c.want, c.found)
		}
	}
	// Two string columns: the account(issuer, accountId) case of 1.7.1.
	acc := &Table{Key: "account", Fields: []Field{str("issuer"), str("accountId")}, Indexes: []Index{{Fields: []string{"issuer", "accountId"}, Unique: true}}}
	if w, _ := IndexedStringWidth(acc, "accountId", MySQLWidth); w != 191 {
		t.Errorf("account width = %d", w)
	}
	// A narrow budget: 10 string columns and an id share 3072 bytes.
	var many []string
	wide := &Table{Key: "w"}
	for i := 0; i < 10; i++ {
		n := string(rune('a' + i))
		wide.Fields = append(wide.Fields, str(n))
		many = append(many, n)
	}
	wide.Indexes = []Index{{Fields: append(many, "id")}}
	if w, _ := MySQLWidth.For(wide, "a", IDString); w != (3072-144)/4/10 {
		t.Errorf("width with string id = %d", w)
	}
	if w, _ := MySQLWidth.For(wide, "a", IDSerial); w != (3072-16)/4/10 {
		t.Errorf("width with serial id = %d", w)
	}
}

func TestResolvedIndexes(t *testing.T) {
	tb := &Table{Key: "member", ModelName: "members", Fields: []Field{
		{Name: "orgId", Type: TypeString, Column: "org_id", Index: true},
		{Name: "email", Type: TypeString, Unique: true},
		{Name: "role", Type: TypeString},
	}, Indexes: []Index{
		{Fields: []string{"orgId", "role"}, Unique: true},
		{Fields: []string{"orgId", "role"}, Unique: true}, // duplicate: kept once
		{Fields: []string{"email"}, Name: "member_by_email"},
	}}
	fi := FieldIndexes(tb)
	if len(fi) != 2 || fi[0].Name != "members_org_id_idx" || fi[1].Name != "members_email_uidx" || !fi[1].Unique {
		t.Fatalf("field indexes = %+v", fi)
	}
	ti := TableIndexes(tb)
	if len(ti) != 2 || ti[0].Name != "members_org_id_role_uidx" || strings.Join(ti[0].Columns, ",") != "org_id,role" || ti[1].Name != "member_by_email" {
		t.Fatalf("table indexes = %+v", ti)
	}
}
