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
	"reflect"
	"strings"
	"testing"

	autoscalingv1 "k8s.io/api/autoscaling/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/rest"
)

// scaledWidgetKind is widgetKind with a scale subresource over spec.size.
func scaledWidgetKind() Kind[*widget] {
	kind := widgetKind
	kind.Scale = &Scale[*widget]{
		SpecReplicasPath: "spec.size",
		SpecReplicas:     func(w *widget) int32 { return int32(w.Spec.Size) },
		SetSpecReplicas:  func(w *widget, n int32) { w.Spec.Size = int(n) },
		StatusReplicas:   func(w *widget) int32 { return w.Status.Replicas },
		Selector:         func(w *widget) string { return "app=" + w.Name },
	}
	return kind
}

func newScaleTest(t *testing.T) (*Storage, *ScaleREST[*widget], *widget) {
	t.Helper()
	s := newWidgetStorage(t, scaledWidgetKind())
	w := createWidget(t, s, &widget{
		ObjectMeta: metav1.ObjectMeta{Name: "w"},
		Spec:       widgetSpec{Size: 2},
		Status:     widgetStatus{Replicas: 1},
	})
	return s, s.Subresources["scale"].(*ScaleREST[*widget]), w
}

// patch returns what the patch handler hands to Update: no preconditions,
// and a change of the current Scale.
func patch(f func(*autoscalingv1.Scale)) rest.UpdatedObjectInfo {
	return rest.DefaultUpdatedObjectInfo(nil, func(ctx context.Context, _, old runtime.Object) (runtime.Object, error) {
		scale := old.DeepCopyObject().(*autoscalingv1.Scale)
		f(scale)
		return scale, nil
	})
}

func TestScaleGet(t *testing.T) {
	_, r, w := newScaleTest(t)
	obj, err := r.Get(testContext(), "w", &metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	scale := obj.(*autoscalingv1.Scale)
	if scale.Name != "w" || scale.Namespace != "ns" || scale.UID != w.UID || scale.ResourceVersion != w.ResourceVersion || !scale.CreationTimestamp.Equal(&w.CreationTimestamp) {
		t.Errorf("scale metadata is %+v, want the widget's identity", scale.ObjectMeta)
	}
	want := autoscalingv1.ScaleSpec{Replicas: 2}
	wantStatus := autoscalingv1.ScaleStatus{Replicas: 1, Selector: "app=w"}
	if scale.Spec != want || scale.Status != wantStatus {
		t.Errorf("scale is %+v %+v, want %+v %+v", scale.Spec, scale.Status, want, wantStatus)
	}
	if got := r.GroupVersionKind(widgetGV); got != autoscalingv1.SchemeGroupVersion.WithKind("Scale") {
		t.Errorf("kind is %s, want autoscaling/v1 Scale", got)
	}

	table, err := r.ConvertToTable(testContext(), scale, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(columnNames(table), ","); got != "Name,Desired,Available,Age" {
		t.Errorf("columns are %s", got)
	}
	if cells := table.Rows[0].Cells; cells[0] != "w" || cells[1] != int32(2) || cells[2] != int32(1) {
		t.Errorf("cells are %v", cells)
	}

	if _, err := r.Get(testContext(), "missing", &metav1.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Errorf("get of a missing widget: got %v, want NotFound", err)
	}
}

func TestScaleUpdate(t *testing.T) {
	s, r, w := newScaleTest(t)
	var admitted []runtime.Object
	admit := func(ctx context.Context, obj, old runtime.Object) error {
		admitted = append(admitted, obj, old)
		return nil
	}

	// A PUT without a resourceVersion is unconditional.
	put := &autoscalingv1.Scale{ObjectMeta: metav1.ObjectMeta{Name: "w", Namespace: "ns"}, Spec: autoscalingv1.ScaleSpec{Replicas: 5}}
	obj, _, err := r.Update(testContext(), "w", rest.DefaultUpdatedObjectInfo(put), nil, admit, false, &metav1.UpdateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if scale := obj.(*autoscalingv1.Scale); scale.Spec.Replicas != 5 || scale.Status.Replicas != 1 || scale.ResourceVersion == w.ResourceVersion {
		t.Errorf("response is %+v", scale)
	}
	stored := getWidget(t, s, "w")
	if stored.Spec.Size != 5 || stored.Generation != w.Generation+1 || !reflect.DeepEqual(stored.Status, w.Status) {
		t.Errorf("stored widget is %+v, want size 5, generation %d and the same status", stored, w.Generation+1)
	}
	if len(admitted) != 2 || admitted[0].(*autoscalingv1.Scale).Spec.Replicas != 5 || admitted[1].(*autoscalingv1.Scale).Spec.Replicas != 2 {
		t.Errorf("admission saw %v, want the new and old Scales", admitted)
	}

	// A PATCH applies to the current Scale.
	obj, _, err = r.Update(testContext(), "w", patch(func(s *autoscalingv1.Scale) { s.Spec.Replicas = 7 }), nil, nil, false, &metav1.UpdateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := getWidget(t, s, "w").Spec.Size; got != 7 {
		t.Errorf("size after patch is %d, want 7", got)
	}

	// The main strategy validates: widgets must not shrink.
	_, _, err = r.Update(testContext(), "w", patch(func(s *autoscalingv1.Scale) { s.Spec.Replicas = 3 }), nil, nil, false, &metav1.UpdateOptions{})
	if !apierrors.IsInvalid(err) || !strings.Contains(err.Error(), "spec.size") {
		t.Errorf("shrinking: got %v, want the ValidateUpdate hook's error", err)
	}
}

func TestScaleUpdateErrors(t *testing.T) {
	_, r, w := newScaleTest(t)
	ctx := testContext()
	opts := &metav1.UpdateOptions{}

	_, _, err := r.Update(ctx, "w", patch(func(s *autoscalingv1.Scale) { s.Spec.Replicas = -1 }), nil, nil, false, opts)
	if !apierrors.IsInvalid(err) {
		t.Fatalf("negative replicas: got %v, want Invalid", err)
	}
	details := err.(apierrors.APIStatus).Status().Details
	if details.Kind != "Scale" || details.Group != "autoscaling" || len(details.Causes) != 1 || details.Causes[0].Field != "spec.replicas" {
		t.Errorf("negative replicas: details are %+v", details)
	}

	stale := &autoscalingv1.Scale{ObjectMeta: metav1.ObjectMeta{Name: "w", Namespace: "ns", ResourceVersion: "1"}, Spec: autoscalingv1.ScaleSpec{Replicas: 5}}
	if w.ResourceVersion == "1" {
		t.Fatal("test needs a widget that changed since resourceVersion 1")
	}
	if _, _, err := r.Update(ctx, "w", rest.DefaultUpdatedObjectInfo(stale), nil, nil, false, opts); !apierrors.IsConflict(err) {
		t.Errorf("stale resourceVersion: got %v, want Conflict", err)
	}

	// A PUT's uid is a storage precondition; a PATCH's is checked by the
	// registry. Both are conflicts.
	wrongUID := &autoscalingv1.Scale{ObjectMeta: metav1.ObjectMeta{Name: "w", Namespace: "ns", UID: "other"}, Spec: autoscalingv1.ScaleSpec{Replicas: 5}}
	if _, _, err := r.Update(ctx, "w", rest.DefaultUpdatedObjectInfo(wrongUID), nil, nil, false, opts); !apierrors.IsConflict(err) {
		t.Errorf("PUT with another uid: got %v, want Conflict", err)
	}
	if _, _, err := r.Update(ctx, "w", patch(func(s *autoscalingv1.Scale) { s.UID = "other" }), nil, nil, false, opts); !apierrors.IsConflict(err) {
		t.Errorf("PATCH with another uid: got %v, want Conflict", err)
	}

	if _, _, err := r.Update(ctx, "missing", rest.DefaultUpdatedObjectInfo(wrongUID), nil, nil, false, opts); !apierrors.IsNotFound(err) {
		t.Errorf("missing widget: got %v, want NotFound", err)
	}
}

// TestScaleNotFoundOnEmpty checks the guard against an update function
// called with the empty object a store passes when nothing is stored.
func TestScaleNotFoundOnEmpty(t *testing.T) {
	_, r, _ := newScaleTest(t)
	info := &subresourceObjectInfo[*widget, *autoscalingv1.Scale]{
		resource: r.resource,
		name:     "w",
		request:  patch(func(*autoscalingv1.Scale) {}),
		get:      r.scaleWithManagedFields,
		apply:    r.apply,
	}
	if _, err := info.UpdatedObject(testContext(), &widget{}); !apierrors.IsNotFound(err) {
		t.Errorf("got %v, want NotFound", err)
	}
}

// TestScaleManagedFields checks that whoever scales takes the replica count
// over from its server-side apply owner, as for Deployments.
func TestScaleManagedFields(t *testing.T) {
	s := newWidgetStorage(t, scaledWidgetKind())
	r := s.Subresources["scale"].(*ScaleREST[*widget])
	createWidget(t, s, &widget{
		ObjectMeta: metav1.ObjectMeta{Name: "w", ManagedFields: []metav1.ManagedFieldsEntry{{
			Manager:    "applier",
			Operation:  metav1.ManagedFieldsOperationApply,
			APIVersion: widgetGV.String(),
			FieldsType: "FieldsV1",
			FieldsV1:   &metav1.FieldsV1{Raw: []byte(`{"f:spec":{"f:size":{}}}`)},
		}}},
		Spec: widgetSpec{Size: 2},
	})

	var base []metav1.ManagedFieldsEntry
	scaleBy := patch(func(scale *autoscalingv1.Scale) {
		base = scale.ManagedFields
		// What the field manager records for kubectl scale: the replica
		// count changes hands, and the applier, left with no field, goes.
		scale.ManagedFields = append([]metav1.ManagedFieldsEntry(nil), metav1.ManagedFieldsEntry{
			Manager:     "kubectl",
			Operation:   metav1.ManagedFieldsOperationUpdate,
			APIVersion:  "autoscaling/v1",
			FieldsType:  "FieldsV1",
			FieldsV1:    &metav1.FieldsV1{Raw: []byte(`{"f:spec":{"f:replicas":{}}}`)},
			Subresource: "scale",
		})
		scale.Spec.Replicas = 3
	})
	if _, _, err := r.Update(testContext(), "w", scaleBy, nil, nil, false, &metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}

	if len(base) != 1 || base[0].Manager != "applier" || base[0].APIVersion != "autoscaling/v1" || string(base[0].FieldsV1.Raw) != `{"f:spec":{"f:replicas":{}}}` {
		t.Errorf("the Scale a patch applies to has managed fields %+v, want applier owning spec.replicas", base)
	}
	managed := getWidget(t, s, "w").ManagedFields
	if len(managed) != 1 || managed[0].Manager != "kubectl" || managed[0].Subresource != "scale" || managed[0].APIVersion != widgetGV.String() || string(managed[0].FieldsV1.Raw) != `{"f:spec":{"f:size":{}}}` {
		t.Errorf("widget's managed fields are %+v, want kubectl (scale) owning spec.size, and applier gone", managed)
	}
}

func TestScaleDeclaration(t *testing.T) {
	kind := scaledWidgetKind()
	kind.NewList = func() runtime.Object { return &widgetList{} }
	kind.Scale.SpecReplicasPath = "spec..size"
	if _, err := NewStorage(newWidgetScheme(), fakeRESTOptions(), kind); err == nil || !strings.Contains(err.Error(), "SpecReplicasPath") {
		t.Errorf("bad path: got %v", err)
	}
	kind = scaledWidgetKind()
	kind.NewList = func() runtime.Object { return &widgetList{} }
	kind.Scale.SetSpecReplicas = nil
	if _, err := NewStorage(newWidgetScheme(), fakeRESTOptions(), kind); err == nil {
		t.Error("no error for a Scale without SetSpecReplicas")
	}
}

// A version that renames the replica count has its managed fields at its own
// path: v2 of the widget calls spec.size spec.count.
func TestScaleReplicasPathPerVersion(t *testing.T) {
	_, strategy := newTwoVersionWidgetStrategy(t)
	kind := scaledWidgetKind()
	r, err := newScaleREST(kind, nil, strategy)
	if err != nil {
		t.Fatal(err)
	}
	for version, want := range map[string]string{"v1": ".spec.size", "v2": ".spec.count"} {
		gv := widgetGV.Group + "/" + version
		if got := r.replicasPaths[gv].String(); got != want {
			t.Errorf("%s: replicas at %s, want %s", gv, got, want)
		}
	}
}
