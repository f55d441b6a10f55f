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

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/apiserver/pkg/registry/rest"
)

// widgetResize is the request and response of widgets/NAME/resize: it sets
// the widget's size (spec) and its replicas (status).
type widgetResize struct {
	metav1.TypeMeta
	metav1.ObjectMeta
	Size     int
	Replicas int32
}

func (r *widgetResize) DeepCopyObject() runtime.Object {
	c := *r
	r.ObjectMeta.DeepCopyInto(&c.ObjectMeta)
	return &c
}

// noMeta is a subresource kind without ObjectMeta, which actions refuse.
type noMeta struct{ metav1.TypeMeta }

func (n *noMeta) DeepCopyObject() runtime.Object { c := *n; return &c }

func resizeAction(update bool) Action[*widget, *widgetResize] {
	a := Action[*widget, *widgetResize]{
		Name: "resize",
		New:  func() *widgetResize { return &widgetResize{} },
		Get: func(ctx context.Context, w *widget) (*widgetResize, error) {
			return &widgetResize{Size: w.Spec.Size, Replicas: w.Status.Replicas}, nil
		},
	}
	if update {
		a.Update = func(ctx context.Context, w *widget, req *widgetResize) error {
			if req.Size > 100 {
				return apierrors.NewInvalid(widgetGV.WithKind("widgetResize").GroupKind(), w.Name,
					field.ErrorList{field.TooLong(field.NewPath("size"), req.Size, 100)})
			}
			w.Spec.Size = req.Size
			w.Status.Replicas = req.Replicas
			return nil
		}
	}
	return a
}

func newActionTest(t *testing.T, update bool) (*Storage, rest.Storage, *widget) {
	t.Helper()
	kind := widgetKind
	kind.Subresources = []Subresource[*widget]{resizeAction(update)}
	s := newWidgetStorage(t, kind, &widgetResize{})
	w := createWidget(t, s, &widget{
		ObjectMeta: metav1.ObjectMeta{Name: "w", Labels: map[string]string{"a": "b"}},
		Spec:       widgetSpec{Size: 2},
		Status:     widgetStatus{Ready: true, Replicas: 1},
	})
	return s, s.Subresources["resize"], w
}

func resize(f func(*widgetResize)) rest.UpdatedObjectInfo {
	return rest.DefaultUpdatedObjectInfo(nil, func(ctx context.Context, _, old runtime.Object) (runtime.Object, error) {
		r := old.DeepCopyObject().(*widgetResize)
		f(r)
		return r, nil
	})
}

func TestActionGet(t *testing.T) {
	_, r, w := newActionTest(t, false)
	if _, ok := r.(rest.Updater); ok {
		t.Error("an action without Update is an Updater: discovery would list update and patch")
	}
	obj, err := r.(rest.Getter).Get(testContext(), "w", &metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got := obj.(*widgetResize)
	want := metav1.ObjectMeta{Name: "w", Namespace: "ns", UID: w.UID, ResourceVersion: w.ResourceVersion, CreationTimestamp: w.CreationTimestamp}
	if got.Size != 2 || got.Replicas != 1 || !equalMeta(got.ObjectMeta, want) {
		t.Errorf("got %+v, want size 2, replicas 1 and metadata %+v", got, want)
	}
	if _, ok := r.(rest.TableConvertor); !ok {
		t.Error("an action is not a TableConvertor")
	}
	if _, err := r.(rest.Getter).Get(testContext(), "missing", &metav1.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Errorf("missing widget: got %v, want NotFound", err)
	}
}

func equalMeta(a, b metav1.ObjectMeta) bool {
	return a.Name == b.Name && a.Namespace == b.Namespace && a.UID == b.UID && a.ResourceVersion == b.ResourceVersion &&
		a.CreationTimestamp.Equal(&b.CreationTimestamp) && len(a.Labels) == len(b.Labels) && len(a.ManagedFields) == 0
}

func TestActionUpdate(t *testing.T) {
	s, r, w := newActionTest(t, true)
	u, ok := r.(rest.Patcher)
	if !ok {
		t.Fatal("an action with Update is not a Patcher")
	}
	var admitted []runtime.Object
	admit := func(ctx context.Context, obj, old runtime.Object) error {
		admitted = append(admitted, obj, old)
		return nil
	}

	// A status-only change keeps the generation, and the status.
	obj, _, err := u.Update(testContext(), "w", resize(func(r *widgetResize) { r.Replicas = 4 }), nil, admit, false, &metav1.UpdateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if resp := obj.(*widgetResize); resp.Replicas != 4 || resp.ResourceVersion == w.ResourceVersion || resp.Name != "w" {
		t.Errorf("response is %+v, want the saved widget's resize", resp)
	}
	stored := getWidget(t, s, "w")
	if stored.Status.Replicas != 4 || !stored.Status.Ready || stored.Generation != w.Generation {
		t.Errorf("status change: stored %+v, want replicas 4, ready, generation %d", stored, w.Generation)
	}
	if len(admitted) != 2 || admitted[0].(*widgetResize).Replicas != 4 || admitted[1].(*widgetResize).Replicas != 1 {
		t.Errorf("admission saw %v, want the new and old resizes", admitted)
	}

	// A spec change bumps it. A PUT without resourceVersion is unconditional.
	put := &widgetResize{ObjectMeta: metav1.ObjectMeta{Name: "w", Namespace: "ns"}, Size: 3, Replicas: 4}
	if _, _, err := u.Update(testContext(), "w", rest.DefaultUpdatedObjectInfo(put), nil, nil, false, &metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	stored = getWidget(t, s, "w")
	if stored.Spec.Size != 3 || stored.Generation != w.Generation+1 || stored.Labels["a"] != "b" {
		t.Errorf("spec change: stored %+v, want size 3, generation %d, labels kept", stored, w.Generation+1)
	}
}

func TestActionUpdateErrors(t *testing.T) {
	_, r, _ := newActionTest(t, true)
	u := r.(rest.Updater)
	ctx := testContext()
	opts := &metav1.UpdateOptions{}
	tests := []struct {
		name    string
		info    rest.UpdatedObjectInfo
		check   func(error) bool
		message string
	}{
		{"Validate hook", resize(func(r *widgetResize) { r.Size = -1 }), apierrors.IsInvalid, "spec.size"},
		{"ValidateUpdate hook", resize(func(r *widgetResize) { r.Size = 1 }), apierrors.IsInvalid, "must not shrink"},
		{"ValidateStatusUpdate hook", resize(func(r *widgetResize) { r.Replicas = -1 }), apierrors.IsInvalid, "status.replicas"},
		{"Update's error", resize(func(r *widgetResize) { r.Size = 101 }), apierrors.IsInvalid, "widgetResize"},
		{"stale resourceVersion", resize(func(r *widgetResize) { r.ResourceVersion = "1" }), apierrors.IsConflict, ""},
		{"PATCH with another uid", resize(func(r *widgetResize) { r.UID = "other" }), apierrors.IsConflict, "UID"},
		{"PUT with another uid", rest.DefaultUpdatedObjectInfo(&widgetResize{ObjectMeta: metav1.ObjectMeta{Name: "w", Namespace: "ns", UID: "other"}, Size: 3}), apierrors.IsConflict, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := u.Update(ctx, "w", tt.info, nil, nil, false, opts)
			if !tt.check(err) || !strings.Contains(errString(err), tt.message) {
				t.Errorf("got %v, want an error mentioning %q", err, tt.message)
			}
		})
	}
	if _, _, err := u.Update(ctx, "missing", resize(func(*widgetResize) {}), nil, nil, false, opts); !apierrors.IsNotFound(err) {
		t.Errorf("missing widget: got %v, want NotFound", err)
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func TestActionDeclaration(t *testing.T) {
	noMetaAction := Action[*widget, *noMeta]{
		Name: "nometa",
		New:  func() *noMeta { return &noMeta{} },
		Get:  func(context.Context, *widget) (*noMeta, error) { return &noMeta{}, nil },
	}
	tests := []struct {
		name         string
		subresources []Subresource[*widget]
		want         string
	}{
		{"without ObjectMeta", []Subresource[*widget]{noMetaAction}, "must embed metav1.ObjectMeta"},
		{"duplicate", []Subresource[*widget]{resizeAction(false), resizeAction(true)}, "declared twice"},
		{"reserved", []Subresource[*widget]{Action[*widget, *widgetResize]{Name: "status"}}, "reserved"},
		{"bad name", []Subresource[*widget]{Action[*widget, *widgetResize]{Name: "a/b"}}, "invalid subresource name"},
		{"no Get", []Subresource[*widget]{Action[*widget, *widgetResize]{Name: "x", New: resizeAction(false).New}}, "needs New and Get"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kind := widgetKind
			kind.NewList = func() runtime.Object { return &widgetList{} }
			kind.Subresources = tt.subresources
			_, err := NewStorage(newWidgetScheme(&widgetResize{}, &noMeta{}), fakeRESTOptions(), kind)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an error mentioning %q", err, tt.want)
			}
		})
	}

	// The installer finds a subresource's kind in its resource's group only.
	kind := widgetKind
	kind.NewList = func() runtime.Object { return &widgetList{} }
	kind.Subresources = []Subresource[*widget]{resizeAction(true)}
	if _, err := NewStorage(newWidgetScheme(), fakeRESTOptions(), kind); err == nil || !strings.Contains(err.Error(), "not registered") {
		t.Errorf("unregistered kind: got %v", err)
	}
}

// TestActionStoreIsSeparate checks that an action's strategy does not leak
// into the main resource's store, which it copies.
func TestActionStoreIsSeparate(t *testing.T) {
	s, r, _ := newActionTest(t, true)
	main := s.REST.(*REST).Store
	action := r.(*updatableActionREST[*widget, *widgetResize]).actionStore
	if _, ok := main.UpdateStrategy.(Strategy[*widget]); !ok {
		t.Errorf("main store's update strategy is %T", main.UpdateStrategy)
	}
	if _, ok := action.UpdateStrategy.(actionStrategy[*widget]); !ok {
		t.Errorf("action store's update strategy is %T", action.UpdateStrategy)
	}
}
