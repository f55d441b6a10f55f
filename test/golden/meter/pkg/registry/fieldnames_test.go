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
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"
)

// renamedWidget is the widget in a version v2 that calls spec.size
// spec.count, as a versioned type converted to the internal widget would.
type renamedWidget struct{ widget }

func (w *renamedWidget) RenamedFields() map[string]string {
	return map[string]string{"spec.size": "spec.count"}
}

// newTwoVersionWidgetStrategy serves widgets in v1 and in v2, which renames
// spec.size.
func newTwoVersionWidgetStrategy(t *testing.T) (*runtime.Scheme, Strategy[*widget]) {
	t.Helper()
	scheme := newWidgetScheme()
	scheme.AddKnownTypeWithName(widgetGV.WithKind("widget").GroupKind().WithVersion("v2"), &renamedWidget{})
	s, err := NewStrategy(scheme, widgetKind)
	if err != nil {
		t.Fatal(err)
	}
	return scheme, s
}

func inVersion(version string) context.Context {
	return genericapirequest.WithRequestInfo(context.Background(), &genericapirequest.RequestInfo{
		IsResourceRequest: true, APIGroup: widgetGV.Group, APIVersion: version, Resource: "widgets",
	})
}

func TestRename(t *testing.T) {
	renamed := map[string]string{"spec.name": "spec.displayName", "spec.name.first": "spec.given"}
	for path, want := range map[string]string{
		"spec.name":        "spec.displayName",
		"spec.name.last":   "spec.displayName.last",
		"spec.name[0]":     "spec.displayName[0]",
		"spec.name.first":  "spec.given",
		"spec.names":       "spec.names",
		"metadata.name":    "metadata.name",
		"status.spec.name": "status.spec.name",
	} {
		if got := rename(path, renamed); got != want {
			t.Errorf("rename(%s) = %s, want %s", path, got, want)
		}
	}
}

func TestFieldLabelConversionsPerVersion(t *testing.T) {
	scheme, s := newTwoVersionWidgetStrategy(t)
	if err := addFieldLabelConversions(scheme, s); err != nil {
		t.Fatal(err)
	}
	v1, v2 := widgetGV.WithKind("widget"), widgetGV.WithKind("widget").GroupKind().WithVersion("v2")
	if label, _, err := scheme.ConvertFieldLabel(v1, "spec.size", "3"); err != nil || label != "spec.size" {
		t.Errorf("v1 spec.size: %s, %v", label, err)
	}
	if label, _, err := scheme.ConvertFieldLabel(v2, "spec.count", "3"); err != nil || label != "spec.size" {
		t.Errorf("v2 spec.count converts to %s, %v; want the internal spec.size", label, err)
	}
	if _, _, err := scheme.ConvertFieldLabel(v2, "spec.size", "3"); err == nil {
		t.Error("v2 accepts spec.size, the internal name of its spec.count")
	}
	if _, _, err := scheme.ConvertFieldLabel(v1, "spec.count", "3"); err == nil {
		t.Error("v1 accepts spec.count, a field of v2 only")
	}
}

func TestValidationErrorsInRequestVersion(t *testing.T) {
	_, s := newTwoVersionWidgetStrategy(t)
	bad := &widget{ObjectMeta: metav1.ObjectMeta{Name: "w", Namespace: "ns"}, Spec: widgetSpec{Size: -1}}
	for version, want := range map[string]string{"v1": "spec.size", "v2": "spec.count"} {
		errs := s.Validate(inVersion(version), bad)
		if len(errs) != 1 || errs[0].Field != want {
			t.Errorf("%s: errors are %v, want one on %s", version, errs, want)
		}
	}
	if errs := s.Validate(context.Background(), bad); len(errs) != 1 || errs[0].Field != "spec.size" {
		t.Errorf("without a request, errors are %v, want the internal spec.size", errs)
	}
	older := &widget{ObjectMeta: metav1.ObjectMeta{Name: "w", Namespace: "ns", ResourceVersion: "1"}, Spec: widgetSpec{Size: 5}}
	errs := s.ValidateUpdate(inVersion("v2"), &widget{ObjectMeta: older.ObjectMeta, Spec: widgetSpec{Size: 2}}, older)
	if len(errs) != 1 || errs[0].Field != "spec.count" || errs[0].Type != field.ErrorTypeForbidden {
		t.Errorf("v2 update errors are %v, want spec.count forbidden", errs)
	}
}

func TestColumnsInRequestVersion(t *testing.T) {
	_, s := newTwoVersionWidgetStrategy(t)
	kind := widgetKind
	c := newTableConvertorFor(kind.Resource, kind.New()).withRenames(s.renames)
	c.columns[1].Description = "How big the widget is (spec.size)."
	for version, want := range map[string]string{"v1": "How big the widget is (spec.size).", "v2": "How big the widget is (spec.count)."} {
		table, err := c.ConvertToTable(inVersion(version), &widget{ObjectMeta: metav1.ObjectMeta{Name: "w"}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := table.ColumnDefinitions[1].Description; got != want {
			t.Errorf("%s: %q, want %q", version, got, want)
		}
	}
}
