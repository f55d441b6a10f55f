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
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	eventsv1 "k8s.io/api/events/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apiserver/pkg/registry/rest"
)

func newEventScheme() *runtime.Scheme {
	scheme := runtime.NewScheme()
	if err := eventsv1.AddToScheme(scheme); err != nil {
		panic(err)
	}
	scheme.AddKnownTypes(schema.GroupVersion{Group: eventsv1.GroupName, Version: runtime.APIVersionInternal}, &eventsv1.Event{}, &eventsv1.EventList{})
	return scheme
}

// newEvent returns an Event as client-go's event recorder writes one: about
// the widget w in namespace ns.
func newEvent() *eventsv1.Event {
	return &eventsv1.Event{
		ObjectMeta:          metav1.ObjectMeta{Name: "w.17a2b3c4d5e6f708", Namespace: "ns"},
		EventTime:           metav1.NewMicroTime(time.Now().Add(-2 * time.Minute)),
		ReportingController: "widget-controller",
		ReportingInstance:   "widget-controller-host",
		Action:              "Reconcile",
		Reason:              "Reconciled",
		Regarding:           corev1.ObjectReference{APIVersion: "test.demo.io/v1", Kind: "Widget", Namespace: "ns", Name: "w", UID: "u-1"},
		Note:                "Reconciled generation 1",
		Type:                corev1.EventTypeNormal,
	}
}

func TestEventValidation(t *testing.T) {
	strategy := eventStrategy{ObjectTyper: newEventScheme()}
	if errs := strategy.Validate(context.Background(), newEvent()); len(errs) > 0 {
		t.Fatalf("an Event as client-go records it is refused: %v", errs)
	}
	clusterScoped := newEvent()
	clusterScoped.Namespace, clusterScoped.Regarding.Namespace = metav1.NamespaceDefault, ""
	if errs := strategy.Validate(context.Background(), clusterScoped); len(errs) > 0 {
		t.Fatalf("an Event in default about a cluster-scoped object is refused: %v", errs)
	}

	for field, change := range map[string]func(e *eventsv1.Event){
		"eventTime":           func(e *eventsv1.Event) { e.EventTime = metav1.MicroTime{} },
		"type":                func(e *eventsv1.Event) { e.Type = "Fine" },
		"reportingController": func(e *eventsv1.Event) { e.ReportingController = "not a name" },
		"reportingInstance":   func(e *eventsv1.Event) { e.ReportingInstance = "" },
		"action":              func(e *eventsv1.Event) { e.Action = strings.Repeat("a", 129) },
		"reason":              func(e *eventsv1.Event) { e.Reason = "" },
		"note":                func(e *eventsv1.Event) { e.Note = strings.Repeat("n", 1025) },
		"regarding.namespace": func(e *eventsv1.Event) { e.Regarding.Namespace = "other" },
		"series.count":        func(e *eventsv1.Event) { e.Series = &eventsv1.EventSeries{Count: 1, LastObservedTime: e.EventTime} },
		"deprecatedCount":     func(e *eventsv1.Event) { e.DeprecatedCount = 3 },
		"metadata.name":       func(e *eventsv1.Event) { e.Name = "Not_A_Name" },
	} {
		e := newEvent()
		change(e)
		errs := strategy.Validate(context.Background(), e)
		if len(errs) != 1 || errs[0].Field != field {
			t.Errorf("an Event with a bad %s: %v, want one error on %s", field, errs, field)
		}
	}
}

func TestEventUpdateChangesOnlyTheSeries(t *testing.T) {
	strategy := eventStrategy{ObjectTyper: newEventScheme()}
	old := newEvent()
	old.ResourceVersion = "1"
	again := old.DeepCopy()
	again.Series = &eventsv1.EventSeries{Count: 2, LastObservedTime: metav1.NewMicroTime(time.Now())}
	if errs := strategy.ValidateUpdate(context.Background(), again, old); len(errs) > 0 {
		t.Errorf("a new count in the series is refused: %v", errs)
	}
	changed := old.DeepCopy()
	changed.Note = "something else"
	if errs := strategy.ValidateUpdate(context.Background(), changed, old); len(errs) != 1 || errs[0].Field != "note" {
		t.Errorf("a changed note: %v, want it refused", errs)
	}
}

func TestEventUpdateValidatesMetadataOnce(t *testing.T) {
	strategy := eventStrategy{ObjectTyper: newEventScheme()}
	old := newEvent()
	old.ResourceVersion, old.UID = "1", "a"
	changed := old.DeepCopy()
	changed.UID = "b"
	errs := rest.ValidateUpdate(context.Background(), changed, old, strategy)
	if len(errs) != 1 || errs[0].Field != "metadata.uid" {
		t.Errorf("a changed uid: %v, want it refused once", errs)
	}
}

func TestEventStorage(t *testing.T) {
	scheme := newEventScheme()
	stored := &fakeStorage{}
	s, err := NewEventStorage(scheme, fakeRESTOptionsIn(stored), 90*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	ctx := testContext()
	obj, err := s.REST.(rest.Creater).Create(ctx, newEvent(), rest.ValidateAllObjectFunc, &metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	e := obj.(*eventsv1.Event)
	for key, ttl := range stored.ttls {
		if ttl != 90*60 {
			t.Errorf("%s is kept for %d seconds, want 5400", key, ttl)
		}
	}
	if len(stored.ttls) != 1 {
		t.Errorf("the Event was written without a time to live: %v", stored.ttls)
	}

	// The recorder sends the next occurrence as a new count in the series.
	e.Series = &eventsv1.EventSeries{Count: 2, LastObservedTime: metav1.NewMicroTime(time.Now())}
	if _, _, err := s.REST.(rest.Updater).Update(ctx, e.Name, rest.DefaultUpdatedObjectInfo(e), nil, nil, false, &metav1.UpdateOptions{}); err != nil {
		t.Fatalf("a new count in the series: %v", err)
	}

	table, err := s.REST.(rest.TableConvertor).ConvertToTable(ctx, e, nil)
	if err != nil {
		t.Fatal(err)
	}
	var headers []string
	for _, c := range table.ColumnDefinitions {
		headers = append(headers, c.Name)
	}
	cells := table.Rows[0].Cells
	if strings.Join(headers, ",") != "Last Seen,Type,Reason,Object,Message" || cells[0] != "0s" || cells[2] != "Reconciled" || cells[3] != "widget/w" {
		t.Errorf("table %v %v, want the columns of kubectl get events, last seen when the series was, and the object as kind/name", headers, cells)
	}

	// Lists select Events by the object they are about.
	gvk := eventsv1.SchemeGroupVersion.WithKind("Event")
	if label, value, err := scheme.ConvertFieldLabel(gvk, "regarding.name", "w"); err != nil || label != "regarding.name" || value != "w" {
		t.Errorf("regarding.name is not selectable: %v", err)
	}
	if _, _, err := scheme.ConvertFieldLabel(gvk, "note", "x"); err == nil {
		t.Error("a field selector on note is accepted")
	}
	_, fields, err := eventAttrs(e)
	if err != nil || fields["regarding.name"] != "w" || fields["reason"] != "Reconciled" || fields["metadata.namespace"] != "ns" {
		t.Errorf("fields %v %v", fields, err)
	}
}
