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
	"strconv"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/api/validation/path"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/apiserver/pkg/registry/rest"
)

// widget is a kind with a spec, a status and hooks, for testing the generic
// strategies without depending on any real API package.
type widget struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              widgetSpec   `json:"spec"`
	Status            widgetStatus `json:"status"`
}

type widgetSpec struct {
	Size int `json:"size"`
	// Owner names a team, team-..., since validation was tightened.
	Owner string `json:"owner,omitempty"`
}

type widgetStatus struct {
	Ready      bool
	Replicas   int32
	Selector   string
	Conditions []metav1.Condition
}

func (w *widget) DeepCopyObject() runtime.Object {
	c := *w
	w.ObjectMeta.DeepCopyInto(&c.ObjectMeta)
	c.Status.Conditions = append([]metav1.Condition(nil), w.Status.Conditions...)
	return &c
}

func (w *widget) Default() {
	if w.Spec.Size == 0 {
		w.Spec.Size = 1
	}
}

func (w *widget) Validate(ctx context.Context) field.ErrorList {
	var errs field.ErrorList
	if w.Spec.Size < 0 {
		errs = append(errs, field.Invalid(field.NewPath("spec", "size"), w.Spec.Size, "must not be negative"))
	}
	if w.Spec.Owner != "" && !strings.HasPrefix(w.Spec.Owner, "team-") {
		errs = append(errs, field.Forbidden(field.NewPath("spec", "owner"), "must name a team (team-...)"))
	}
	return errs
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
		CopyStatus: func(dst, src *widget) { dst.Status = src.Status },
		Conditions: func(w *widget) []metav1.Condition { return w.Status.Conditions },
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
	if w.Spec.Size != 0 {
		t.Errorf("the strategy set a default (size %d): defaults belong to the scheme, which sets them on decode, before admission", w.Spec.Size)
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
	old := &widget{ObjectMeta: metav1.ObjectMeta{Name: "w", Labels: map[string]string{"a": "b"}, Finalizers: []string{"f"}}, Spec: widgetSpec{Size: 2}}
	w := old.DeepCopyObject().(*widget)
	w.Spec.Size = 7
	w.Labels = map[string]string{"a": "changed"}
	w.Annotations = map[string]string{"a": "changed"}
	w.Finalizers = nil
	w.OwnerReferences = []metav1.OwnerReference{{Name: "changed"}}
	w.GenerateName = "changed-"
	w.ManagedFields = []metav1.ManagedFieldsEntry{{Manager: "controller", Subresource: "status"}}
	w.Status.Ready = true
	s.PrepareForUpdate(context.Background(), w, old)
	if w.Spec.Size != 2 || w.Labels["a"] != "b" || w.Annotations != nil || len(w.Finalizers) != 1 || w.OwnerReferences != nil {
		t.Errorf("a status update changed the spec or metadata that only the main resource changes: %+v %+v", w.Spec, w.ObjectMeta)
	}
	if !w.Status.Ready {
		t.Error("a status update did not change the status")
	}
	if len(w.ManagedFields) != 1 {
		t.Error("a status update lost the managed fields of the request")
	}
	// Server-side apply must learn from the reset fields what the update
	// drops, and every other field of the request must stay.
	got := s.GetResetFields()
	if len(got) != 1 || got["test.demo.io/v1"] == nil {
		t.Fatalf("reset fields are %v, want one entry for test.demo.io/v1 only", got)
	}
	for _, p := range []string{".spec", ".metadata.labels", ".metadata.annotations", ".metadata.finalizers", ".metadata.ownerReferences"} {
		if !strings.Contains(got["test.demo.io/v1"].String(), p) {
			t.Errorf("reset fields %v do not name %s, which a status update keeps from the stored object", got["test.demo.io/v1"], p)
		}
	}
	if w.GenerateName != "changed-" {
		t.Errorf("generateName is %q: a status update dropped metadata its reset fields do not name", w.GenerateName)
	}
}

// An update keeps the defaults of the stored object, as decoding gave them;
// the strategy sets none itself, so a default added in a later release does
// not change the spec or generation of an older object on a labels-only
// update.
func TestPrepareForUpdateSetsNoDefaults(t *testing.T) {
	s := newWidgetStrategy(t)
	// Stored before the default of spec.size existed.
	old := &widget{ObjectMeta: metav1.ObjectMeta{Name: "w", Generation: 1}}
	w := old.DeepCopyObject().(*widget)
	w.Labels = map[string]string{"a": "b"}
	s.PrepareForUpdate(context.Background(), w, old)
	if w.Spec.Size != 0 || w.Generation != 1 {
		t.Errorf("a labels-only update changed size to %d and generation to %d", w.Spec.Size, w.Generation)
	}
}

// Validation ratchets: an object that became invalid when validation was
// tightened can still be updated, but not given another invalid value.
func TestValidateUpdateRatchets(t *testing.T) {
	s := newWidgetStrategy(t)
	old := &widget{ObjectMeta: metav1.ObjectMeta{Name: "w", Namespace: "ns", ResourceVersion: "1", Finalizers: []string{"f"}}, Spec: widgetSpec{Size: -1}}

	w := old.DeepCopyObject().(*widget)
	w.Finalizers = nil
	w.Labels = map[string]string{"a": "b"}
	if errs := s.ValidateUpdate(context.Background(), w, old); len(errs) != 0 {
		t.Errorf("an update that keeps an invalid stored value was refused: %v", errs)
	}

	w = old.DeepCopyObject().(*widget)
	w.Spec.Size = -2
	errs := s.ValidateUpdate(context.Background(), w, old)
	if len(errs) == 0 || errs[0].Field != "spec.size" || errs[0].Type != field.ErrorTypeInvalid {
		t.Errorf("got errors %v, want spec.size invalid: the update sets a new invalid value", errs)
	}

	// Creation does not ratchet.
	if errs := s.Validate(context.Background(), old); len(errs) != 1 {
		t.Errorf("got errors %v on create, want one", errs)
	}
}

// Ratcheting looks at the value at the error's field, as CRD validation
// ratcheting does: a Forbidden error carries no value, yet replacing one
// invalid owner with another is refused, while keeping it is not.
func TestValidateUpdateRatchetsByValue(t *testing.T) {
	s := newWidgetStrategy(t)
	old := &widget{ObjectMeta: metav1.ObjectMeta{Name: "w", Namespace: "ns", ResourceVersion: "1"}, Spec: widgetSpec{Size: 1, Owner: "bob"}}

	w := old.DeepCopyObject().(*widget)
	w.Spec.Owner = "mallory"
	errs := s.ValidateUpdate(context.Background(), w, old)
	if len(errs) != 1 || errs[0].Field != "spec.owner" || errs[0].Type != field.ErrorTypeForbidden {
		t.Errorf("bob -> mallory: got errors %v, want spec.owner forbidden", errs)
	}

	w = old.DeepCopyObject().(*widget)
	w.Spec.Size = 2
	if errs := s.ValidateUpdate(context.Background(), w, old); len(errs) != 0 {
		t.Errorf("an update that keeps the invalid owner bob was refused: %v", errs)
	}

	// An error the stored object did not have is kept, even at a field the
	// update leaves alone: the field did not change, its validity did.
	valid := &widget{ObjectMeta: old.ObjectMeta, Spec: widgetSpec{Size: 1, Owner: "team-a"}}
	w = valid.DeepCopyObject().(*widget)
	w.Spec.Owner = "bob"
	if errs := s.ValidateUpdate(context.Background(), w, valid); len(errs) != 1 || errs[0].Field != "spec.owner" {
		t.Errorf("team-a -> bob: got errors %v, want spec.owner forbidden", errs)
	}

	// Removing an invalid value is a change too: to a valid absence here.
	w = old.DeepCopyObject().(*widget)
	w.Spec.Owner = ""
	if errs := s.ValidateUpdate(context.Background(), w, old); len(errs) != 0 {
		t.Errorf("removing the invalid owner was refused: %v", errs)
	}
}

func TestUnchangedAt(t *testing.T) {
	content := map[string]any{"spec": map[string]any{"owner": "bob", "ports": []any{map[string]any{"name": "a"}}, "labels": map[string]any{"x.y/z": "1"}}}
	changed := map[string]any{"spec": map[string]any{"owner": "mallory", "ports": []any{map[string]any{"name": "b"}}, "labels": map[string]any{"x.y/z": "1"}}}
	for path, want := range map[string]bool{
		"spec.owner":         false,
		"spec.ports[0].name": false,
		"spec.labels[x.y/z]": true,
		"spec.missing":       true,
		"spec.ports[3]":      true,
		"spec.owner.first":   false,
		"spec.ports.name":    false,
		"spec.ports[0":       false,
		".spec":              false,
	} {
		if got := unchangedAt(path, changed, content); got != want {
			t.Errorf("unchangedAt(%s) = %v, want %v", path, got, want)
		}
	}
}

// rest.ValidateUpdate checks the metadata before it calls the strategy: the
// strategy must not report the same errors again.
func TestUpdateValidatesMetadataOnce(t *testing.T) {
	s := newWidgetStrategy(t)
	old := &widget{ObjectMeta: metav1.ObjectMeta{Name: "w", Namespace: "ns", ResourceVersion: "1", UID: "a"}, Spec: widgetSpec{Size: 1}}
	w := old.DeepCopyObject().(*widget)
	w.UID = "b"
	errs := rest.ValidateUpdate(context.Background(), w, old, s)
	if len(errs) != 1 || errs[0].Field != "metadata.uid" {
		t.Errorf("a changed uid: %v, want it refused once", errs)
	}
}

func TestValidateName(t *testing.T) {
	s := newWidgetStrategy(t)
	for _, name := range []string{"Tom Cat", "UPPER:case", strings.Repeat("a", 254), "-tom"} {
		w := &widget{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "ns"}}
		errs := s.Validate(context.Background(), w)
		if len(errs) != 1 || errs[0].Field != "metadata.name" {
			t.Errorf("name %.20q: got errors %v, want metadata.name invalid (not a DNS subdomain)", name, errs)
		}
	}
	for _, name := range []string{"tom", "tom.cat-1", strings.Repeat("a", 253)} {
		w := &widget{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "ns"}}
		if errs := s.Validate(context.Background(), w); len(errs) != 0 {
			t.Errorf("name %.20q: got errors %v, want none", name, errs)
		}
	}

	// A kind can choose its own rule.
	kind := widgetKind
	kind.ValidateName = path.ValidatePathSegmentName
	loose, err := NewStrategy(newWidgetScheme(), kind)
	if err != nil {
		t.Fatal(err)
	}
	w := &widget{ObjectMeta: metav1.ObjectMeta{Name: "UPPER:case", Namespace: "ns"}}
	if errs := loose.Validate(context.Background(), w); len(errs) != 0 {
		t.Errorf("with ValidateName set, got errors %v, want none", errs)
	}
}

// Every status update checks the conditions, and for a kind with a scale
// subresource the replicas and selector that kubectl scale and the
// HorizontalPodAutoscaler read, without any hook.
func TestStatusValidation(t *testing.T) {
	kind := widgetKind
	kind.Scale = &Scale[*widget]{
		SpecReplicasPath: "spec.size",
		SpecReplicas:     func(w *widget) int32 { return int32(w.Spec.Size) },
		SetSpecReplicas:  func(w *widget, n int32) { w.Spec.Size = int(n) },
		StatusReplicas:   func(w *widget) int32 { return w.Status.Replicas },
		Selector:         func(w *widget) string { return w.Status.Selector },
	}
	strategy, err := NewStrategy(newWidgetScheme(), kind)
	if err != nil {
		t.Fatal(err)
	}
	s := NewStatusStrategy(strategy)
	old := &widget{ObjectMeta: metav1.ObjectMeta{Name: "w", Namespace: "ns", ResourceVersion: "1"}}

	valid := old.DeepCopyObject().(*widget)
	valid.Status.Replicas = 2
	valid.Status.Conditions = []metav1.Condition{{Type: "Ready", Status: metav1.ConditionTrue, Reason: "Fed", LastTransitionTime: metav1.Now()}}
	valid.Status.Selector = "app=w"
	if errs := s.ValidateUpdate(context.Background(), valid, old); len(errs) != 0 {
		t.Errorf("valid status: got errors %v", errs)
	}

	invalid := old.DeepCopyObject().(*widget)
	invalid.Status.Replicas = -5
	invalid.Status.Conditions = []metav1.Condition{{Type: "", Status: "Maybe"}}
	invalid.Status.Selector = "!!!not a selector"
	got := map[string]bool{}
	for _, err := range s.ValidateUpdate(context.Background(), invalid, old) {
		got[err.Field] = true
	}
	for _, f := range []string{"status.replicas", "status.selector", "status.conditions[0].type", "status.conditions[0].status", "status.conditions[0].reason", "status.conditions[0].lastTransitionTime"} {
		if !got[f] {
			t.Errorf("no error for %s; errors for %v", f, got)
		}
	}
}

// badWidget has a Validate method with the wrong signature: the strategy
// would never call it.
type badWidget struct{ widget }

func (w *badWidget) Validate() field.ErrorList { return nil }

func TestHookSignatures(t *testing.T) {
	scheme := runtime.NewScheme()
	scheme.AddKnownTypes(widgetGV, &badWidget{})
	_, err := NewStrategy(scheme, Kind[*badWidget]{
		Resource: widgetGV.WithResource("badwidgets").GroupResource(),
		New:      func() *badWidget { return &badWidget{} },
	})
	if err == nil || !strings.Contains(err.Error(), "Validate") {
		t.Errorf("got %v, want an error about the signature of Validate", err)
	}
}
