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

// Package registry holds the storage machinery shared by every kind the server
// serves. It is written once: a kind's own package (such as
// pkg/registry/animal/cat) only describes the kind with a Kind value, and the
// kind's Go type customizes behaviour through optional hook methods (see
// hooks.go).
package registry

import (
	"fmt"
	"strings"

	apivalidation "k8s.io/apimachinery/pkg/api/validation"
	"k8s.io/apimachinery/pkg/api/validation/path"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apiserver/pkg/registry/generic"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"
	"k8s.io/apiserver/pkg/registry/rest"
)

// Kind describes a kind to the generic registry. T is a pointer to the kind's
// Go type, such as *v1alpha1.Cat.
type Kind[T runtime.Object] struct {
	// Resource is the plural resource, qualified by its group, such as cats.animal.demo.io.
	Resource schema.GroupResource
	// SingularResource is the singular resource, such as cat.animal.demo.io.
	SingularResource schema.GroupResource
	// NamespaceScoped is false for cluster-scoped kinds.
	NamespaceScoped bool
	// ShortNames are optional abbreviations kubectl accepts for the resource,
	// as in kubectl get ct.
	ShortNames []string
	// Categories are optional names of groups of resources the resource
	// belongs to: kubectl get CATEGORY lists the objects of every resource
	// in the category. The category "all" is kubectl get all.
	Categories []string
	// ValidateName checks the name of a new object (or, with prefix true,
	// its generateName). Optional: by default a name must be a DNS
	// subdomain, as for custom resources (apivalidation.NameIsDNSSubdomain);
	// apivalidation.NameIsDNSLabel is stricter, path.ValidatePathSegmentName
	// the loosest a name can be.
	ValidateName apivalidation.ValidateNameFunc

	// New returns an empty object of the kind.
	New func() T
	// NewList returns an empty list of the kind.
	NewList func() runtime.Object

	// Status is set when the kind has a status subresource.
	Status *Status[T]
	// Scale is set when the kind has a scale subresource.
	Scale *Scale[T]
	// Subresources are the kind's other subresources, such as Actions and Connectors.
	Subresources []Subresource[T]
}

// Subresource is a subresource of a kind other than status and scale. Only
// this package implements it.
type Subresource[T runtime.Object] interface {
	// subresourceName is the last segment of the subresource's path.
	subresourceName() string
	// newREST builds the subresource's storage over the resource's store.
	newREST(kind Kind[T], store *genericregistry.Store, strategy Strategy[T]) (rest.Storage, error)
}

// Scale tells the registry where a kind keeps its replica counts, for its
// scale subresource: kubectl scale, and the HorizontalPodAutoscaler, read and
// write them as an autoscaling/v1 Scale, as for Deployments. The subresource
// is served by scale.go, which a project has once a kind has a scale.
type Scale[T runtime.Object] struct {
	// SpecReplicasPath is the path of the desired replica count in the
	// object, such as "spec.replicas", as the Go type the strategy works on
	// names it; a version that renames it says so with its FieldRenamer hook.
	// Whoever scales the object takes over that field from its other
	// server-side apply managers.
	SpecReplicasPath string
	// SpecReplicas returns the desired replica count.
	SpecReplicas func(T) int32
	// SetSpecReplicas sets the desired replica count.
	SetSpecReplicas func(T, int32)
	// StatusReplicas returns the observed replica count. Optional.
	StatusReplicas func(T) int32
	// Selector returns the label selector, in string form, of the pods the
	// replica counts count: a HorizontalPodAutoscaler needs it to find the
	// pods' metrics. Optional.
	Selector func(T) string
}

// scaleServer serves the scale subresource of a kind; scale.go implements it
// on Scale.
type scaleServer[T runtime.Object] interface {
	newREST(kind Kind[T], store *genericregistry.Store, strategy Strategy[T]) (rest.Storage, error)
}

// Status tells the registry where a kind keeps its status. The main resource
// never changes the status, and the status subresource changes nothing but
// the status (and the managed fields that record who set it).
//
// Every status update is validated: the conditions, and with a Scale, the
// replica count (status.replicas, not negative) and the selector
// (status.selector, a label selector), before the StatusValidator hook.
type Status[T runtime.Object] struct {
	// CopyStatus copies the status from src to dst.
	CopyStatus func(dst, src T)
	// Conditions returns the conditions of the status (status.conditions).
	// Optional: they are validated as metav1.Conditions must be.
	Conditions func(T) []metav1.Condition
}

// Storage is what the server serves for one resource.
type Storage struct {
	// Resource is the resource served, such as cats.animal.demo.io.
	Resource schema.GroupResource
	// REST serves the resource itself.
	REST rest.Storage
	// Subresources serve the resource's subresources, by name (such as "status").
	Subresources map[string]rest.Storage
	// StandIn tells that REST only stands in for a resource another server
	// serves, for its subresources; the storage of its other subresources
	// has a stand-in too, and one is installed (see ForeignParentREST).
	StandIn bool
}

// NewStorage builds the storage for a kind: an etcd-backed store for the
// resource, and one for each of its subresources sharing the same objects.
func NewStorage[T runtime.Object](scheme *runtime.Scheme, optsGetter generic.RESTOptionsGetter, kind Kind[T]) (*Storage, error) {
	strategy, err := NewStrategy(scheme, kind)
	if err != nil {
		return nil, err
	}

	store := &genericregistry.Store{
		NewFunc:                   func() runtime.Object { return kind.New() },
		NewListFunc:               kind.NewList,
		DefaultQualifiedResource:  kind.Resource,
		SingularQualifiedResource: kind.SingularResource,

		CreateStrategy:      strategy,
		UpdateStrategy:      strategy,
		DeleteStrategy:      strategy,
		ResetFieldsStrategy: strategy,

		// NAME, the columns of the TablePrinter hook, and AGE.
		TableConvertor: newTableConvertor(kind).withRenames(strategy.renames),
	}
	options := &generic.StoreOptions{RESTOptions: optsGetter, AttrFunc: strategy.GetAttrs}
	if err := store.CompleteWithOptions(options); err != nil {
		return nil, fmt.Errorf("unable to create storage for %s: %w", kind.Resource, err)
	}

	// Lists and watches select objects by the fields GetAttrs returns; the
	// scheme must accept those in field selectors, and refuse others.
	if err := addFieldLabelConversions(scheme, strategy); err != nil {
		return nil, err
	}

	storage := &Storage{
		Resource:     kind.Resource,
		REST:         &REST{Store: store, shortNames: kind.ShortNames, categories: kind.Categories},
		Subresources: map[string]rest.Storage{},
	}
	if kind.Status != nil {
		// The status store is a copy of the main store, so both share the
		// same etcd storage (and watch cache); only the update strategy differs.
		statusStore := *store
		statusStrategy := NewStatusStrategy(strategy)
		statusStore.UpdateStrategy = statusStrategy
		statusStore.ResetFieldsStrategy = statusStrategy
		storage.Subresources["status"] = &StatusREST{store: &statusStore}
	}
	if kind.Scale != nil {
		server, ok := any(kind.Scale).(scaleServer[T])
		if !ok {
			return nil, fmt.Errorf("%s/scale: the project has no pkg/registry/scale.go to serve it", kind.Resource)
		}
		scale, err := server.newREST(kind, store, strategy)
		if err != nil {
			return nil, fmt.Errorf("%s/scale: %w", kind.Resource, err)
		}
		storage.Subresources["scale"] = scale
	}
	for _, sub := range kind.Subresources {
		name := sub.subresourceName()
		// status and scale are reserved even when the kind does not have
		// them: clients expect their well-known shapes under those names.
		if name == "status" || name == "scale" {
			return nil, fmt.Errorf("%s/%s: the subresource name is reserved; use the Status or Scale field of the Kind", kind.Resource, name)
		}
		if name == "" {
			return nil, fmt.Errorf("%s: a subresource has no name", kind.Resource)
		}
		if msgs := path.IsValidPathSegmentName(name); len(msgs) > 0 {
			return nil, fmt.Errorf("%s: invalid subresource name %q: %s", kind.Resource, name, strings.Join(msgs, ", "))
		}
		if _, dup := storage.Subresources[name]; dup {
			return nil, fmt.Errorf("%s/%s: the subresource is declared twice", kind.Resource, name)
		}
		subStorage, err := sub.newREST(kind, store, strategy)
		if err != nil {
			return nil, fmt.Errorf("%s/%s: %w", kind.Resource, name, err)
		}
		storage.Subresources[name] = subStorage
	}
	return storage, nil
}

// REST serves a resource from etcd.
type REST struct {
	*genericregistry.Store
	shortNames []string
	categories []string
}

var (
	_ rest.ShortNamesProvider = &REST{}
	_ rest.CategoriesProvider = &REST{}
)

// ShortNames implements rest.ShortNamesProvider: discovery publishes them,
// and kubectl accepts them for the resource.
func (r *REST) ShortNames() []string {
	return r.shortNames
}

// Categories implements rest.CategoriesProvider: discovery publishes them,
// and kubectl get CATEGORY includes the resource.
func (r *REST) Categories() []string {
	return r.categories
}
