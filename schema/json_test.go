package schema

import (
	"encoding/json"
	"reflect"
	"testing"
)

func TestJSONRoundTrip(t *testing.T) {
	no := false
	in := &Schema{IDs: IDSerial, Tables: []*Table{{Key: "t", ModelName: "things", Order: 3, DisableMigrations: true,
		Fields: []Field{
			{Name: "s", Type: TypeString, Default: "it's", Unique: true, Sortable: true, Column: "s_col", Input: &no},
			{Name: "n", Type: TypeNumber, Default: 0, BigInt: true, Required: Optional},
			{Name: "f", Type: TypeNumber, Default: 1.5},
			{Name: "b", Type: TypeBoolean, Default: true, Index: true},
			{Name: "d", Type: TypeDate, Default: Now, OnUpdateNow: true},
			{Name: "e", Type: TypeEnum, Enum: []string{"a", "b"}},
			{Name: "r", Type: TypeString, References: &Reference{Model: "user", Field: "id", OnDelete: SetNull}, Returned: &no},
		},
		Indexes: []Index{{Fields: []string{"s", "b"}, Name: "x", Unique: true}},
	}}}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var out Schema
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	// Integer defaults come back as int64.
	in.Tables[0].Fields[1].Default = int64(0)
	if !reflect.DeepEqual(in, &out) {
		t.Fatalf("round trip changed the schema:\n%s", b)
	}
}

func TestJSONRejectsUnsupportedDefault(t *testing.T) {
	_, err := json.Marshal(Field{Name: "x", Type: TypeJSON, Default: map[string]int{"a": 1}})
	if err == nil {
		t.Fatal("want an error")
	}
}
