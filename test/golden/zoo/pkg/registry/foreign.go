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
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"sort"
	"strings"

	restful "github.com/emicklei/go-restful/v3"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apiserver/pkg/authorization/authorizer"
	"k8s.io/apiserver/pkg/endpoints/handlers/negotiation"
	"k8s.io/apiserver/pkg/endpoints/handlers/responsewriters"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"
	"k8s.io/apiserver/pkg/registry/rest"
)

// ForeignResource describes a resource that another API server serves, such
// as the deployments of apps/v1, to which this server adds a subresource.
//
// An aggregated API server owns whole group versions: it cannot add a path to
// apps/v1. So it serves the subresource in a group version of its own, under
// the parent's resource name, as in
// /apis/apps.demo.io/v1alpha1/namespaces/NS/deployments/NAME/compositions.
// RBAC then grants it as the resource deployments/compositions of that group,
// and the subresource reads the parent object from the cluster.
type ForeignResource struct {
	// Resource is the parent's plural resource in this server's group, such
	// as deployments.apps.demo.io.
	Resource schema.GroupResource
	// SingularResource is the parent's singular resource in this server's
	// group, such as deployment.apps.demo.io.
	SingularResource schema.GroupResource
	// NamespaceScoped is the scope of the parent, which its subresources share.
	NamespaceScoped bool
}

// NewForeignSubresourceStorage returns the storage of one subresource of a
// resource another server serves: the subresource itself, and a stand-in for
// its parent.
func NewForeignSubresourceStorage(parent ForeignResource, subresource string, storage rest.Storage) *Storage {
	return &Storage{
		Resource:     parent.Resource,
		REST:         &ForeignParentREST{resource: parent, newFunc: storage.New},
		Subresources: map[string]rest.Storage{subresource: storage},
		StandIn:      true,
	}
}

// ForeignParentREST stands in for the parent of foreign subresources. The
// generic API server installs a subresource only when the storage of its
// parent is installed too, and takes the subresource's scope from it.
//
// It serves nothing: it implements no verb, so no route exists for it, and
// discovery lists the parent with an empty list of verbs, which kubectl
// api-resources and the controllers that walk discovery (garbage collector,
// namespace deletion, quota) skip.
type ForeignParentREST struct {
	resource ForeignResource
	// newFunc returns an object of the subresource's kind. Discovery names
	// the parent's kind from it; that kind must be registered in this group
	// version, and the parent's own kind (apps/v1 Deployment) is not.
	newFunc func() runtime.Object
}

var (
	_ rest.Scoper               = &ForeignParentREST{}
	_ rest.SingularNameProvider = &ForeignParentREST{}
)

// New implements rest.Storage.
func (r *ForeignParentREST) New() runtime.Object {
	return r.newFunc()
}

// Destroy implements rest.Storage. There is nothing to release.
func (r *ForeignParentREST) Destroy() {}

// NamespaceScoped implements rest.Scoper.
func (r *ForeignParentREST) NamespaceScoped() bool {
	return r.resource.NamespaceScoped
}

// GetSingularName implements rest.SingularNameProvider.
func (r *ForeignParentREST) GetSingularName() string {
	return r.resource.SingularResource.Resource
}

// AllParents is the parent name that stands for every parent: GET
// .../namespaces/NS/deployments/*/compositions reads the subresource of every
// Deployment of NS at once. No object can be named * (names are DNS
// subdomains or path segment names, which refuse it), so it cannot hide one.
const AllParents = "*"

// AllParentsGetter is a foreign subresource that answers the name AllParents
// with a list: the subresource of every parent, read with one list of the
// parents.
type AllParentsGetter interface {
	rest.Getter
	// NewList returns an empty list of the kind Get returns for AllParents.
	NewList() runtime.Object
}

// InstallAllNamespacesRoutes serves GET
// /apis/GROUP/VERSION/PARENTS/*/SUBRESOURCE, across all namespaces, for each
// foreign subresource of a namespaced parent whose storage answers
// AllParents. The generic installer gives a subresource its parent's scope and
// no route without a namespace (only whole resources are listed across
// namespaces), so this route is added beside the ones it installed, in the
// same web service; it must run after InstallAPIGroups and before the server
// is prepared, which builds the OpenAPI from the routes.
//
// The route goes through the same handler chain: authentication, and
// authorization of get on PARENTS/SUBRESOURCE with no namespace, which only
// a ClusterRoleBinding grants. Any other name than * is answered by the
// storage, which has no namespace to find it in.
func InstallAllNamespacesRoutes(container *restful.Container, groupVersion schema.GroupVersion, storage map[string]rest.Storage, serializer runtime.NegotiatedSerializer) error {
	root := "/apis/" + groupVersion.Group + "/" + groupVersion.Version
	var ws *restful.WebService
	for _, registered := range container.RegisteredWebServices() {
		if registered.RootPath() == root {
			ws = registered
		}
	}
	paths := make([]string, 0, len(storage))
	for path := range storage {
		paths = append(paths, path)
	}
	// Routes in a stable order, so the OpenAPI is the same on every start.
	sort.Strings(paths)
	for _, path := range paths {
		resource, subresource, isSubresource := strings.Cut(path, "/")
		parent, isForeign := storage[resource].(*ForeignParentREST)
		getter, answersAll := storage[path].(AllParentsGetter)
		if !isSubresource || !isForeign || !answersAll || !parent.NamespaceScoped() {
			continue
		}
		if ws == nil {
			return fmt.Errorf("no routes are installed for %s, so %s cannot be served across namespaces", groupVersion, path)
		}
		list := getter.NewList()
		listKind := reflect.TypeOf(list).Elem().Name()
		ws.Route(ws.GET(resource+"/{name}/"+subresource).
			To(allNamespacesHandler(groupVersion, getter, serializer)).
			Doc("read "+subresource+" of every "+resource+" in all namespaces, with the name *, as a "+listKind).
			Operation("read"+listKind+"ForAllNamespaces").
			Param(ws.PathParameter("name", "* for every parent").DataType("string")).
			Param(ws.QueryParameter("resourceVersion", "the resourceVersion of the list of parents to read").DataType("string")).
			Produces(mediaTypes(serializer)...).
			Returns(http.StatusOK, "OK", list).
			Writes(list))
	}
	return nil
}

// allNamespacesHandler does what the generic GET handler does for the
// namespaced route, with no namespace in the request's context.
func allNamespacesHandler(groupVersion schema.GroupVersion, getter rest.Getter, serializer runtime.NegotiatedSerializer) restful.RouteFunction {
	return func(req *restful.Request, resp *restful.Response) {
		ctx := genericapirequest.WithNamespace(req.Request.Context(), metav1.NamespaceAll)
		options := &metav1.GetOptions{ResourceVersion: req.Request.URL.Query().Get("resourceVersion")}
		obj, err := getter.Get(ctx, req.PathParameter("name"), options)
		if err != nil {
			responsewriters.ErrorNegotiated(err, serializer, groupVersion, resp.ResponseWriter, req.Request)
			return
		}
		responsewriters.WriteObjectNegotiated(serializer, negotiation.DefaultEndpointRestrictions, groupVersion, resp.ResponseWriter, req.Request, http.StatusOK, obj, false)
	}
}

func mediaTypes(serializer runtime.NegotiatedSerializer) []string {
	var types []string
	for _, info := range serializer.SupportedMediaTypes() {
		types = append(types, info.MediaType)
	}
	return types
}

// AuthorizeParent checks that the user of the request may get the parent
// object (namespace is empty for a cluster-scoped parent), or list the
// parents when name is AllParents (namespace is empty for all namespaces),
// and returns a 403 Forbidden error when not. A foreign subresource reads its
// parents with the server's own credentials: without this check, a user who
// may not read a parent would still learn that it exists, its uid, and what
// the subresource derives from it. authz is the server's authorizer: in
// delegated mode, it asks the kube-apiserver with a SubjectAccessReview.
func AuthorizeParent(ctx context.Context, authz authorizer.Authorizer, parent schema.GroupVersionResource, namespace, name string) error {
	user, ok := genericapirequest.UserFrom(ctx)
	if !ok {
		return apierrors.NewInternalError(errors.New("the request has no user to authorize"))
	}
	attrs := authorizer.AttributesRecord{
		User:            user,
		Verb:            "get",
		APIGroup:        parent.Group,
		APIVersion:      parent.Version,
		Resource:        parent.Resource,
		Namespace:       namespace,
		Name:            name,
		ResourceRequest: true,
	}
	if name == AllParents {
		attrs.Verb = "list"
		attrs.Name = ""
	}
	decision, reason, err := authz.Authorize(ctx, attrs)
	switch {
	case decision == authorizer.DecisionAllow:
		return nil
	case err != nil:
		// As the server's own authorization filter: the review failed.
		return apierrors.NewInternalError(err)
	default:
		return responsewriters.ForbiddenStatusError(attrs, reason)
	}
}
