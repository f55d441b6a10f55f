/*
Copyright 2026 The Zoo Authors.

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

package animal

import (
	"context"
	"testing"
)

func TestDogValidate(t *testing.T) {
	negative := int32(-1)
	tests := []struct {
		name       string
		spec       DogSpec
		wantFields []string
	}{
		{name: "valid", spec: DogSpec{Name: "example"}},
		{name: "missing name", spec: DogSpec{}, wantFields: []string{"spec.name"}},
		{name: "negative replicas", spec: DogSpec{Name: "example", Replicas: &negative}, wantFields: []string{"spec.replicas"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			obj := &Dog{Spec: tt.spec}
			errs := obj.Validate(context.Background())
			if len(errs) != len(tt.wantFields) {
				t.Fatalf("got errors %v, want errors for %v", errs, tt.wantFields)
			}
			for i, err := range errs {
				if err.Field != tt.wantFields[i] {
					t.Errorf("error %d is for field %q, want %q", i, err.Field, tt.wantFields[i])
				}
			}
		})
	}
}

func TestDogTable(t *testing.T) {
	replicas := int32(2)
	obj := &Dog{Spec: DogSpec{Name: "example", Replicas: &replicas}}
	columns, cells := obj.TableColumns(), obj.TableCells()
	if len(cells) != len(columns) {
		t.Fatalf("%d cells for %d columns", len(cells), len(columns))
	}
	if cells[0] != "example" || cells[1] != int32(2) {
		t.Errorf("cells are %v, want the name and the replicas first", cells)
	}
}

func TestDogSelectableFields(t *testing.T) {
	obj := &Dog{Spec: DogSpec{Name: "example"}}
	if got := obj.SelectableFields().Get("spec.name"); got != "example" {
		t.Errorf("spec.name selects %q, want %q", got, "example")
	}
}
