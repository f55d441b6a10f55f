/*
Copyright 2026 The Meter Authors.

Licensed under the Apache License, Version 2.0 (the "License");
you may not use this file except in compliance with the License.
You may obtain a copy of the License at

    http://www.apache.org/licenses/LICENSE-2.0

Unless required by applicable law or agreed to in writing, software
distributed under the License is distributed on an "AS IS" BASIS,
WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
See the License for the specific language governing permissions and
limitations under the License.
*/

package registry

import (
	"context"
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
)

// plain is a kind without hooks.
type plain struct {
	metav1.TypeMeta
	metav1.ObjectMeta
}

func (p *plain) DeepCopyObject() runtime.Object {
	c := *p
	p.ObjectMeta.DeepCopyInto(&c.ObjectMeta)
	return &c
}

func columnNames(table *metav1.Table) []string {
	var names []string
	for _, c := range table.ColumnDefinitions {
		names = append(names, c.Name)
	}
	return names
}

func TestTableWithoutHook(t *testing.T) {
	c := newTableConvertor(Kind[*plain]{New: func() *plain { return &plain{} }})
	created := metav1.NewTime(time.Now().Add(-90 * time.Second))
	table, err := c.ConvertToTable(context.Background(), &plain{ObjectMeta: metav1.ObjectMeta{Name: "p", ResourceVersion: "7", CreationTimestamp: created}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(columnNames(table), ","); got != "Name,Age" {
		t.Errorf("columns are %s, want Name,Age", got)
	}
	if cells := table.Rows[0].Cells; cells[0] != "p" || cells[1] != "90s" {
		t.Errorf("cells are %v, want p, 90s", cells)
	}
	if table.ResourceVersion != "7" {
		t.Errorf("table resourceVersion is %q, want the object's", table.ResourceVersion)
	}
}

func TestTableWithHook(t *testing.T) {
	c := newTableConvertor(widgetKind)
	list := &widgetList{
		ListMeta: metav1.ListMeta{ResourceVersion: "12", Continue: "next"},
		Items: []widget{
			{ObjectMeta: metav1.ObjectMeta{Name: "a"}, Spec: widgetSpec{Size: 1}},
			{ObjectMeta: metav1.ObjectMeta{Name: "b"}, Spec: widgetSpec{Size: 2}, Status: widgetStatus{Ready: true}},
		},
	}
	table, err := c.ConvertToTable(context.Background(), list, &metav1.TableOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(columnNames(table), ","); got != "Name,Size,Ready,Age" {
		t.Errorf("columns are %s, want Name,Size,Ready,Age", got)
	}
	if table.ColumnDefinitions[2].Priority != 1 {
		t.Error("the priority of a hook's column was lost")
	}
	if len(table.Rows) != 2 {
		t.Fatalf("got %d rows, want 2", len(table.Rows))
	}
	row := table.Rows[1]
	if row.Cells[0] != "b" || row.Cells[1] != 2 || row.Cells[2] != true || row.Cells[3] != "<unknown>" {
		t.Errorf("cells are %v, want b, 2, true, <unknown>", row.Cells)
	}
	if row.Object.Object == nil {
		t.Error("the row has no object: kubectl needs its metadata")
	}
	if table.ResourceVersion != "12" || table.Continue != "next" {
		t.Errorf("table list metadata is %+v, want the list's", table.ListMeta)
	}

	// A watch asks for headers with its first event only.
	table, err = c.ConvertToTable(context.Background(), &list.Items[0], &metav1.TableOptions{NoHeaders: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(table.ColumnDefinitions) != 0 || len(table.Rows) != 1 {
		t.Errorf("NoHeaders: got %d columns and %d rows, want 0 and 1", len(table.ColumnDefinitions), len(table.Rows))
	}
}

// badCells is a kind whose TableCells disagrees with its TableColumns.
type badCells struct{ plain }

func (b *badCells) TableColumns() []metav1.TableColumnDefinition {
	return []metav1.TableColumnDefinition{{Name: "One", Type: "string"}}
}

func (b *badCells) TableCells() []any { return []any{"one", "two"} }

func TestTableCellsMismatch(t *testing.T) {
	c := newTableConvertor(Kind[*badCells]{New: func() *badCells { return &badCells{} }})
	if _, err := c.ConvertToTable(context.Background(), &badCells{}, nil); err == nil {
		t.Error("no error for a row with more cells than columns")
	}
}

// unsetCells shows an unset integer as a string.
type unsetCells struct{ plain }

func (u *unsetCells) TableColumns() []metav1.TableColumnDefinition {
	return []metav1.TableColumnDefinition{{Name: "Replicas", Type: "integer"}, {Name: "Ready", Type: "boolean"}}
}

func (u *unsetCells) TableCells() []any { return []any{"<unset>", nil} }

func TestTableCellTypes(t *testing.T) {
	c := newTableConvertor(Kind[*unsetCells]{New: func() *unsetCells { return &unsetCells{} }})
	_, err := c.ConvertToTable(context.Background(), &unsetCells{}, nil)
	if err == nil || !strings.Contains(err.Error(), "Replicas") {
		t.Errorf("got %v, want an error about the string in the integer column Replicas", err)
	}
	if !cellFits(nil, "integer") || !cellFits(int32(1), "integer") || cellFits(1.5, "integer") || !cellFits("x", "date") {
		t.Error("cellFits does not follow the column types")
	}
}

// widgetList is a list of widgets.
type widgetList struct {
	metav1.TypeMeta
	metav1.ListMeta
	Items []widget
}

func (l *widgetList) DeepCopyObject() runtime.Object {
	c := *l
	c.Items = nil
	for i := range l.Items {
		c.Items = append(c.Items, *l.Items[i].DeepCopyObject().(*widget))
	}
	return &c
}
