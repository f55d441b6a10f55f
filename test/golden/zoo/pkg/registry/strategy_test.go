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

package registry

import (
	"context"
	"strconv"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// widget is a kind with a spec, a status and hooks, for testing the generic
// strategies without depending on any real API package.
type widget struct {
	metav1.TypeMeta
	metav1.ObjectMeta
	Spec   widgetSpec
	Status widgetStatus
}

type widgetSpec struct{ Size int }

type widgetStatus struct {
	Ready    bool
	Replicas int32
}

func (w *widget) DeepCopyObject() runtime.Object {
	c := *w
	w.ObjectMeta.DeepCopyInto(&c.ObjectMeta)
	return &c
}

func (w *widget) Default() {
	if w.Spec.Size == 0 {
		w.Spec.Size = 1
	}
}

func (w *widget) Validate(ctx context.Context) field.ErrorList {
	if w.Spec.Size < 0 {
		return field.ErrorList{field.Invalid(field.NewPath("spec", "size"), w.Spec.Size, "must not be negative")}
	}
	return nil
}

func (w *widget) ValidateUpdate(ctx context.Context, old *widget) field.ErrorList {
	if w.Spec.Size < old.Spec.Size {
		return field.ErrorList{field.Forbidden(field.NewPath("spec", "size"), "must not shrink")}
	}
	return nil
}

func (w *widget) ValidateStatusUpdate(ctx context.Context, old *widget) field.ErrorList {
	if w.Status.Replicas < 0 {
		return field.ErrorList{field.Invalid(field.NewPath("status", "replicas"), w.Status.Replicas, "must not be negative")}
	}
	return nil
}

func (w *widget) TableColumns() []metav1.TableColumnDefinition {
	return []metav1.TableColumnDefinition{
		{Name: "Size", Type: "integer"},
		{Name: "Ready", Type: "boolean", Priority: 1},
	}
}

func (w *widget) TableCells() []any {
	return []any{w.Spec.Size, w.Status.Ready}
}

func (w *widget) SelectableFields() fields.Set {
	return fields.Set{"spec.size": strconv.Itoa(w.Spec.Size)}
}

var widgetGV = schema.GroupVersion{Group: "test.demo.io", Version: "v1"}

// widgetKind describes widgets, with a status subresource.
var widgetKind = Kind[*widget]{
	Resource:         widgetGV.WithResource("widgets").GroupResource(),
	SingularResource: widgetGV.WithResource("widget").GroupResource(),
	NamespaceScoped:  true,
	New:              func() *widget { return &widget{} },
	Status: &Status[*widget]{
		CopySpec:   func(dst, src *widget) { dst.Spec = src.Spec },
		CopyStatus: func(dst, src *widget) { dst.Status = src.Status },
	},
}

// newWidgetScheme returns a scheme with widgets registered as our own kinds
// are: under their version, and under the internal version as their own hub.
func newWidgetScheme(types ...runtime.Object) *runtime.Scheme {
	scheme := runtime.NewScheme()
	types = append(types, &widget{})
	scheme.AddKnownTypes(widgetGV, types...)
	scheme.AddKnownTypes(schema.GroupVersion{Group: widgetGV.Group, Version: runtime.APIVersionInternal}, types...)
	return scheme
}

func newWidgetStrategy(t *testing.T) Strategy[*widget] {
	t.Helper()
	strategy, err := NewStrategy(newWidgetScheme(), widgetKind)
	if err != nil {
		t.Fatal(err)
	}
	return strategy
}

func TestPrepareForCreate(t *testing.T) {
	s := newWidgetStrategy(t)
	w := &widget{ObjectMeta: metav1.ObjectMeta{Name: "w"}, Status: widgetStatus{Ready: true}}
	s.PrepareForCreate(context.Background(), w)
	if w.Status.Ready {
		t.Error("create kept the status the client sent")
	}
	if w.Spec.Size != 1 {
		t.Errorf("Default hook not called: size is %d", w.Spec.Size)
	}
	if w.Generation != 1 {
		t.Errorf("generation is %d, want 1", w.Generation)
	}
}

func TestPrepareForUpdate(t *testing.T) {
	s := newWidgetStrategy(t)
	old := &widget{ObjectMeta: metav1.ObjectMeta{Name: "w", Generation: 4}, Spec: widgetSpec{Size: 2}, Status: widgetStatus{Ready: true}}

	// A metadata-only change keeps the generation.
	w := old.DeepCopyObject().(*widget)
	w.Labels = map[string]string{"a": "b"}
	s.PrepareForUpdate(context.Background(), w, old)
	if w.Generation != 4 {
		t.Errorf("metadata change: generation is %d, want 4", w.Generation)
	}

	// A spec change bumps the generation, and the status cannot change.
	w = old.DeepCopyObject().(*widget)
	w.Spec.Size = 3
	w.Status.Ready = false
	s.PrepareForUpdate(context.Background(), w, old)
	if w.Generation != 5 {
		t.Errorf("spec change: generation is %d, want 5", w.Generation)
	}
	if !w.Status.Ready {
		t.Error("an update of the main resource changed the status")
	}
}

func TestValidateUpdate(t *testing.T) {
	s := newWidgetStrategy(t)
	old := &widget{ObjectMeta: metav1.ObjectMeta{Name: "w", Namespace: "ns", ResourceVersion: "1"}, Spec: widgetSpec{Size: 2}}
	w := old.DeepCopyObject().(*widget)
	w.Spec.Size = 1
	errs := s.ValidateUpdate(context.Background(), w, old)
	if len(errs) != 1 || errs[0].Field != "spec.size" {
		t.Errorf("got errors %v, want the ValidateUpdate hook's error on spec.size", errs)
	}
}

func TestStatusStrategy(t *testing.T) {
	s := NewStatusStrategy(newWidgetStrategy(t))
	old := &widget{ObjectMeta: metav1.ObjectMeta{Name: "w", Labels: map[string]string{"a": "b"}}, Spec: widgetSpec{Size: 2}}
	w := old.DeepCopyObject().(*widget)
	w.Spec.Size = 7
	w.Labels = map[string]string{"a": "changed"}
	w.ManagedFields = []metav1.ManagedFieldsEntry{{Manager: "controller", Subresource: "status"}}
	w.Status.Ready = true
	s.PrepareForUpdate(context.Background(), w, old)
	if w.Spec.Size != 2 || w.Labels["a"] != "b" {
		t.Errorf("a status update changed the spec or metadata: %+v %v", w.Spec, w.Labels)
	}
	if !w.Status.Ready {
		t.Error("a status update did not change the status")
	}
	if len(w.ManagedFields) != 1 {
		t.Error("a status update lost the managed fields of the request")
	}
	if got := s.GetResetFields(); len(got) != 1 || got["test.demo.io/v1"] == nil {
		t.Errorf("reset fields are %v, want one entry for test.demo.io/v1 only", got)
	}
}
