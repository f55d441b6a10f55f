/*
Copyright 2026 The Demo Authors.

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
	"fmt"
	"time"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/duration"
	"k8s.io/apiserver/pkg/registry/rest"
)

// The NAME and AGE columns every table starts and ends with, as kubectl shows
// them for built-in kinds.
var (
	nameColumn = metav1.TableColumnDefinition{
		Name:        "Name",
		Type:        "string",
		Format:      "name",
		Description: metav1.ObjectMeta{}.SwaggerDoc()["name"],
	}
	ageColumn = metav1.TableColumnDefinition{
		Name:        "Age",
		Type:        "string",
		Description: metav1.ObjectMeta{}.SwaggerDoc()["creationTimestamp"],
	}
)

// tableConvertor writes objects of a kind as the table kubectl get shows:
// NAME, the columns of the kind's TablePrinter hook, and AGE. Clients that
// ask for a table (as kubectl get does) get one from the server, so the same
// columns show in every client, watches included.
type tableConvertor[T runtime.Object] struct {
	resource schema.GroupResource
	columns  []metav1.TableColumnDefinition
	// cells returns the cells of an object's row, one per column.
	cells func(T) []any
	// renames name the fields the descriptions of columns mention as each
	// version does.
	renames fieldNames
}

var _ rest.TableConvertor = tableConvertor[runtime.Object]{}

func newTableConvertor[T runtime.Object](kind Kind[T]) tableConvertor[T] {
	return newTableConvertorFor(kind.Resource, kind.New())
}

// newTableConvertorFor returns the table convertor of the objects of the
// same type as empty, served as resource.
func newTableConvertorFor[T runtime.Object](resource schema.GroupResource, empty T) tableConvertor[T] {
	columns := []metav1.TableColumnDefinition{nameColumn}
	if p, ok := any(empty).(TablePrinter); ok {
		columns = append(columns, p.TableColumns()...)
	}
	columns = append(columns, ageColumn)
	return tableConvertor[T]{resource: resource, columns: columns, cells: hookCells[T]}
}

// hookCells returns an object's name, the cells of its TablePrinter hook,
// and its age.
func hookCells[T runtime.Object](o T) []any {
	m := objectMeta(o)
	cells := []any{m.Name}
	if p, ok := any(o).(TablePrinter); ok {
		cells = append(cells, p.TableCells()...)
	}
	return append(cells, age(m.CreationTimestamp))
}

// withRenames has the descriptions of columns name fields as the version a
// request was sent to does, when they mention a renamed one.
func (c tableConvertor[T]) withRenames(renames fieldNames) tableConvertor[T] {
	c.renames = renames
	return c
}

// ConvertToTable implements rest.TableConvertor, for one object or a list.
func (c tableConvertor[T]) ConvertToTable(ctx context.Context, object runtime.Object, tableOptions runtime.Object) (*metav1.Table, error) {
	table := &metav1.Table{}
	// A watch asks for the headers with the first event only.
	if opts, ok := tableOptions.(*metav1.TableOptions); !ok || !opts.NoHeaders {
		table.ColumnDefinitions = c.renames.columnsInRequestVersion(ctx, c.columns)
	}

	if !meta.IsListType(object) {
		row, err := c.row(object)
		if err != nil {
			return nil, err
		}
		table.Rows = []metav1.TableRow{row}
		if m, err := meta.Accessor(object); err == nil {
			table.ResourceVersion = m.GetResourceVersion()
		}
		return table, nil
	}

	err := meta.EachListItem(object, func(item runtime.Object) error {
		row, err := c.row(item)
		if err != nil {
			return err
		}
		table.Rows = append(table.Rows, row)
		return nil
	})
	if err != nil {
		return nil, err
	}
	// Paging (kubectl get --chunk-size) and watching after a list need the
	// list's metadata.
	if m, err := meta.ListAccessor(object); err == nil {
		table.ResourceVersion = m.GetResourceVersion()
		table.Continue = m.GetContinue()
		table.RemainingItemCount = m.GetRemainingItemCount()
	}
	return table, nil
}

// row returns the row of one object.
func (c tableConvertor[T]) row(object runtime.Object) (metav1.TableRow, error) {
	o, ok := object.(T)
	if !ok {
		return metav1.TableRow{}, fmt.Errorf("object of type %T is not a %s", object, c.resource)
	}
	m := objectMeta(o)
	cells := c.cells(o)
	if len(cells) != len(c.columns) {
		return metav1.TableRow{}, fmt.Errorf("%s %q has %d table cells for %d columns: TableCells and TableColumns disagree", c.resource, m.Name, len(cells), len(c.columns))
	}
	for i, cell := range cells {
		if !cellFits(cell, c.columns[i].Type) {
			return metav1.TableRow{}, fmt.Errorf("%s %q has the %T %v in its %s column of type %s: TableCells and TableColumns disagree", c.resource, m.Name, cell, cell, c.columns[i].Name, c.columns[i].Type)
		}
	}
	// The server replaces the object with its metadata only, or drops it,
	// as the client asks (kubectl get needs the metadata for --show-labels).
	return metav1.TableRow{Cells: cells, Object: runtime.RawExtension{Object: object}}, nil
}

// cellFits tells whether a cell's value has its column's type, which clients
// rely on (kubectl sorts integer columns as numbers). A nil cell is empty in
// any column, and kubectl shows it as <none>.
func cellFits(cell any, columnType string) bool {
	switch cell.(type) {
	case string:
		return columnType != "integer" && columnType != "number" && columnType != "boolean"
	case bool:
		return columnType == "boolean"
	case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
		return columnType == "integer" || columnType == "number"
	case float32, float64:
		return columnType == "number"
	}
	return true
}

// age writes how long ago t was, as kubectl does in its AGE column.
func age(t metav1.Time) string {
	if t.IsZero() {
		return "<unknown>"
	}
	return duration.HumanDuration(time.Since(t.Time))
}
