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
	"fmt"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	eventsv1 "k8s.io/api/events/v1"
	apivalidation "k8s.io/apimachinery/pkg/api/validation"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/duration"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/apiserver/pkg/registry/generic"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"
	"k8s.io/apiserver/pkg/registry/rest"
	"k8s.io/apiserver/pkg/storage/names"
)

// Events stand in for kube-apiserver's events.k8s.io/v1 Events when there is
// no kube-apiserver: in --standalone mode the server serves them too (see
// pkg/apiserver/events.go), so that the controllers run next to it can
// record Events, and kubectl get events lists them. They are stored and
// validated as kube-apiserver does for events.k8s.io/v1, in a smaller way.

// DefaultEventTTL is how long an Event is kept after it was last written,
// as with kube-apiserver's --event-ttl.
const DefaultEventTTL = time.Hour

// The limits kube-apiserver sets on the fields of an Event.
const (
	eventFieldMaxLength = 128
	eventNoteMaxLength  = 1024
)

// NewEventStorage returns the storage of events.k8s.io/v1 Events, each of
// which expires ttl after it was last written. scheme must know Event in
// events.k8s.io/v1 and in the internal version of its group, as its own hub.
func NewEventStorage(scheme *runtime.Scheme, optsGetter generic.RESTOptionsGetter, ttl time.Duration) (*Storage, error) {
	if ttl < time.Second {
		return nil, fmt.Errorf("events are kept for at least a second, not %s", ttl)
	}
	resource := eventsv1.Resource("events")
	strategy := eventStrategy{ObjectTyper: scheme, NameGenerator: names.SimpleNameGenerator}
	store := &genericregistry.Store{
		NewFunc:                   func() runtime.Object { return &eventsv1.Event{} },
		NewListFunc:               func() runtime.Object { return &eventsv1.EventList{} },
		DefaultQualifiedResource:  resource,
		SingularQualifiedResource: eventsv1.Resource("event"),
		// etcd deletes an Event once its lease expires; every write renews it.
		TTLFunc: func(runtime.Object, uint64, bool) (uint64, error) {
			return uint64(ttl / time.Second), nil
		},

		CreateStrategy: strategy,
		UpdateStrategy: strategy,
		DeleteStrategy: strategy,

		TableConvertor: tableConvertor[*eventsv1.Event]{resource: resource, columns: eventColumns, cells: eventCells},
	}
	if err := store.CompleteWithOptions(&generic.StoreOptions{RESTOptions: optsGetter, AttrFunc: eventAttrs}); err != nil {
		return nil, fmt.Errorf("unable to create storage for %s: %w", resource, err)
	}

	// Lists and watches select Events by the fields eventAttrs returns.
	_, fieldSet, err := eventAttrs(&eventsv1.Event{})
	if err != nil {
		return nil, err
	}
	selectable := sets.KeySet(fieldSet)
	err = scheme.AddFieldLabelConversionFunc(eventsv1.SchemeGroupVersion.WithKind("Event"), func(label, value string) (string, string, error) {
		if !selectable.Has(label) {
			return "", "", fmt.Errorf("field label not supported: %s (%s can be selected by %s)", label, resource, strings.Join(sets.List(selectable), ", "))
		}
		return label, value, nil
	})
	if err != nil {
		return nil, err
	}
	return &Storage{
		Resource:     resource,
		REST:         &REST{Store: store, shortNames: []string{"ev"}},
		Subresources: map[string]rest.Storage{},
	}, nil
}

// eventAttrs returns the labels and the fields of an Event that lists and
// watches can select it by.
func eventAttrs(obj runtime.Object) (labels.Set, fields.Set, error) {
	e, ok := obj.(*eventsv1.Event)
	if !ok {
		return nil, nil, fmt.Errorf("object of type %T is not an Event", obj)
	}
	return labels.Set(e.Labels), generic.MergeFieldsSets(generic.ObjectMetaFieldsSet(&e.ObjectMeta, true), fields.Set{
		"regarding.kind":      e.Regarding.Kind,
		"regarding.namespace": e.Regarding.Namespace,
		"regarding.name":      e.Regarding.Name,
		"regarding.uid":       string(e.Regarding.UID),
		"reason":              e.Reason,
		"reportingController": e.ReportingController,
		"type":                e.Type,
	}), nil
}

// eventStrategy creates, updates and deletes Events as kube-apiserver does:
// an update may create (clients that record Events do that), and needs no
// resourceVersion.
type eventStrategy struct {
	runtime.ObjectTyper
	names.NameGenerator
}

var (
	_ rest.RESTCreateStrategy              = eventStrategy{}
	_ rest.RESTUpdateStrategy              = eventStrategy{}
	_ rest.GarbageCollectionDeleteStrategy = eventStrategy{}
)

func (eventStrategy) NamespaceScoped() bool { return true }

func (eventStrategy) PrepareForCreate(ctx context.Context, obj runtime.Object) {}

func (eventStrategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {}

func (eventStrategy) Validate(ctx context.Context, obj runtime.Object) field.ErrorList {
	e := obj.(*eventsv1.Event)
	errs := apivalidation.ValidateObjectMeta(&e.ObjectMeta, true, apivalidation.NameIsDNSSubdomain, field.NewPath("metadata"))
	return append(errs, validateEvent(e)...)
}

// ValidateUpdate allows an Event's metadata and series to change, nothing
// else: a client records that the event happened again in its series. The
// metadata is checked by rest.ValidateUpdate, before the strategy.
func (eventStrategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	e, oldEvent := obj.(*eventsv1.Event), old.(*eventsv1.Event)
	errs := validateEvent(e)
	for _, f := range []struct {
		name     string
		new, old any
	}{
		{"eventTime", e.EventTime, oldEvent.EventTime},
		{"reportingController", e.ReportingController, oldEvent.ReportingController},
		{"reportingInstance", e.ReportingInstance, oldEvent.ReportingInstance},
		{"action", e.Action, oldEvent.Action},
		{"reason", e.Reason, oldEvent.Reason},
		{"regarding", e.Regarding, oldEvent.Regarding},
		{"related", e.Related, oldEvent.Related},
		{"note", e.Note, oldEvent.Note},
		{"type", e.Type, oldEvent.Type},
	} {
		errs = append(errs, apivalidation.ValidateImmutableField(f.new, f.old, field.NewPath(f.name))...)
	}
	return errs
}

func (eventStrategy) WarningsOnCreate(ctx context.Context, obj runtime.Object) []string { return nil }

func (eventStrategy) WarningsOnUpdate(ctx context.Context, obj, old runtime.Object) []string {
	return nil
}

func (eventStrategy) Canonicalize(obj runtime.Object) {}

func (eventStrategy) AllowCreateOnUpdate(ctx context.Context) bool { return true }

func (eventStrategy) AllowUnconditionalUpdate(ctx context.Context) bool { return true }

// DefaultGarbageCollectionPolicy implements
// rest.GarbageCollectionDeleteStrategy: deleting an Event deletes it, with
// no finalizer left for a garbage collector to remove.
func (eventStrategy) DefaultGarbageCollectionPolicy(ctx context.Context) rest.GarbageCollectionPolicy {
	return rest.Unsupported
}

// validateEvent checks the fields of an Event as kube-apiserver does for
// events.k8s.io/v1: what reported it, what happened, about which object.
func validateEvent(e *eventsv1.Event) field.ErrorList {
	var errs field.ErrorList
	if e.EventTime.IsZero() {
		errs = append(errs, field.Required(field.NewPath("eventTime"), ""))
	}
	if e.Type != corev1.EventTypeNormal && e.Type != corev1.EventTypeWarning {
		errs = append(errs, field.NotSupported(field.NewPath("type"), e.Type, []string{corev1.EventTypeNormal, corev1.EventTypeWarning}))
	}
	if e.ReportingController == "" {
		errs = append(errs, field.Required(field.NewPath("reportingController"), ""))
	}
	for _, msg := range validation.IsQualifiedName(e.ReportingController) {
		errs = append(errs, field.Invalid(field.NewPath("reportingController"), e.ReportingController, msg))
	}
	for _, f := range []struct {
		path  *field.Path
		value string
	}{
		{field.NewPath("reportingInstance"), e.ReportingInstance},
		{field.NewPath("action"), e.Action},
		{field.NewPath("reason"), e.Reason},
	} {
		if f.value == "" {
			errs = append(errs, field.Required(f.path, ""))
		} else if len(f.value) > eventFieldMaxLength {
			errs = append(errs, field.TooLong(f.path, "", eventFieldMaxLength))
		}
	}
	if len(e.Note) > eventNoteMaxLength {
		errs = append(errs, field.TooLong(field.NewPath("note"), "", eventNoteMaxLength))
	}
	// An Event lives in the namespace of the object it is about; one about
	// a cluster-scoped object, in default or kube-system.
	switch ns := e.Regarding.Namespace; {
	case ns == "" && e.Namespace != metav1.NamespaceDefault && e.Namespace != metav1.NamespaceSystem:
		errs = append(errs, field.Invalid(field.NewPath("regarding", "namespace"), ns, "an Event about a cluster-scoped object must be in default or kube-system"))
	case ns != "" && ns != e.Namespace:
		errs = append(errs, field.Invalid(field.NewPath("regarding", "namespace"), ns, "does not match the namespace of the Event"))
	}
	if s := e.Series; s != nil {
		if s.Count < 2 {
			errs = append(errs, field.Invalid(field.NewPath("series", "count"), s.Count, "must be at least 2"))
		}
		if s.LastObservedTime.IsZero() {
			errs = append(errs, field.Required(field.NewPath("series", "lastObservedTime"), ""))
		}
	}
	// The fields kept for core/v1 Events are for Events written there.
	if e.DeprecatedSource != (corev1.EventSource{}) {
		errs = append(errs, field.Forbidden(field.NewPath("deprecatedSource"), "must be unset"))
	}
	if !e.DeprecatedFirstTimestamp.IsZero() {
		errs = append(errs, field.Forbidden(field.NewPath("deprecatedFirstTimestamp"), "must be unset"))
	}
	if !e.DeprecatedLastTimestamp.IsZero() {
		errs = append(errs, field.Forbidden(field.NewPath("deprecatedLastTimestamp"), "must be unset"))
	}
	if e.DeprecatedCount != 0 {
		errs = append(errs, field.Forbidden(field.NewPath("deprecatedCount"), "must be unset"))
	}
	return errs
}

// eventColumns are the columns of kubectl get events, as kube-apiserver
// writes them.
var eventColumns = []metav1.TableColumnDefinition{
	{Name: "Last Seen", Type: "string", Description: "When the event was last seen."},
	{Name: "Type", Type: "string", Description: eventsv1.Event{}.SwaggerDoc()["type"]},
	{Name: "Reason", Type: "string", Description: eventsv1.Event{}.SwaggerDoc()["reason"]},
	{Name: "Object", Type: "string", Description: eventsv1.Event{}.SwaggerDoc()["regarding"]},
	{Name: "Message", Type: "string", Description: eventsv1.Event{}.SwaggerDoc()["note"]},
}

// eventCells returns the cells of an Event's row: when it was last seen
// (the last of its series), its type and reason, the object it is about as
// kind/name, and its note.
func eventCells(e *eventsv1.Event) []any {
	lastSeen := e.EventTime
	if e.Series != nil {
		lastSeen = e.Series.LastObservedTime
	}
	since := "<unknown>"
	if !lastSeen.IsZero() {
		since = duration.HumanDuration(time.Since(lastSeen.Time))
	}
	object := strings.ToLower(e.Regarding.Kind)
	if e.Regarding.Name != "" {
		object += "/" + e.Regarding.Name
	}
	return []any{since, e.Type, e.Reason, object, strings.TrimSpace(e.Note)}
}
