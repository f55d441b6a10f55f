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

package deploymentcomposition

import (
	"context"
	"net/http"
	"reflect"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apiserver/pkg/authentication/user"
	"k8s.io/apiserver/pkg/authorization/authorizer"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"
	"k8s.io/client-go/kubernetes/typed/apps/v1/fake"
	clienttesting "k8s.io/client-go/testing"

	"demo.io/zoo/pkg/apis/apps/v1alpha1"
	"demo.io/zoo/pkg/registry"
)

// newREST returns the subresource's storage with a client that answers like a
// kube-apiserver: the Deployment "web" in namespace default, 403 for "secret",
// and 404 for any other name; a list holds "web" and "api" (in namespace
// other), and is forbidden in namespace secret. Its authorizer lets alice get
// every Deployment but "hidden", and list deployments in every namespace but
// private; it lets bob do nothing.
func newREST(t *testing.T) *REST {
	t.Helper()
	three := int32(3)
	web := &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "default", UID: "u-1", ResourceVersion: "42", Labels: map[string]string{"app": "web"}},
		Spec:       appsv1.DeploymentSpec{Replicas: &three},
	}
	resource := schema.GroupResource{Group: "apps", Resource: "deployments"}
	client := &fake.FakeAppsV1{Fake: &clienttesting.Fake{}}
	client.AddReactor("get", "deployments", func(action clienttesting.Action) (bool, runtime.Object, error) {
		get := action.(clienttesting.GetAction)
		switch {
		case get.GetName() == "web" && get.GetNamespace() == "default":
			return true, web.DeepCopy(), nil
		case get.GetName() == "secret":
			return true, nil, apierrors.NewForbidden(resource, get.GetName(), nil)
		default:
			return true, nil, apierrors.NewNotFound(resource, get.GetName())
		}
	})
	api := web.DeepCopy()
	api.Name, api.UID, api.Labels = "api", "u-2", nil
	api.Namespace = "other"
	client.AddReactor("list", "deployments", func(action clienttesting.Action) (bool, runtime.Object, error) {
		list := &appsv1.DeploymentList{ListMeta: metav1.ListMeta{ResourceVersion: "50"}}
		if action.GetNamespace() == "secret" {
			return true, nil, apierrors.NewForbidden(resource, "", nil)
		}
		for _, d := range []*appsv1.Deployment{web, api} {
			if action.GetNamespace() == metav1.NamespaceAll || action.GetNamespace() == d.Namespace {
				list.Items = append(list.Items, *d.DeepCopy())
			}
		}
		return true, list, nil
	})
	authz := authorizer.AuthorizerFunc(func(ctx context.Context, a authorizer.Attributes) (authorizer.Decision, string, error) {
		if a.GetUser().GetName() != "alice" || a.GetAPIGroup() != "apps" || a.GetResource() != "deployments" {
			return authorizer.DecisionNoOpinion, "", nil
		}
		if a.GetVerb() == "get" && a.GetName() != "hidden" || a.GetVerb() == "list" && a.GetName() == "" && a.GetNamespace() != "private" {
			return authorizer.DecisionAllow, "", nil
		}
		return authorizer.DecisionNoOpinion, "", nil
	})
	return &REST{parents: client, authorizer: authz}
}

// requestContext is the context of a request by alice in namespace default.
func requestContext() context.Context {
	ctx := genericapirequest.WithUser(context.Background(), &user.DefaultInfo{Name: "alice"})
	ctx = genericapirequest.WithNamespace(ctx, "default")
	return ctx
}

func TestGet(t *testing.T) {
	r := newREST(t)
	ctx := requestContext()

	obj, err := r.Get(ctx, "web", &metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got := obj.(*v1alpha1.DeploymentComposition)
	if got.Name != "web" || got.Namespace != "default" || got.UID != "u-1" || got.ResourceVersion != "42" {
		t.Errorf("the result does not name its Deployment: %+v", got.ObjectMeta)
	}
	if got.Status.Replicas != 3 {
		t.Errorf("replicas is %d, want 3", got.Status.Replicas)
	}

	tests := []struct {
		name, parent string
		wantCode     int32
	}{
		// The cluster's 404 passes through: deployments.apps "missing" not found.
		{name: "missing deployment", parent: "missing", wantCode: http.StatusNotFound},
		// The server's own RBAC is at fault, not the client's.
		{name: "server forbidden", parent: "secret", wantCode: http.StatusInternalServerError},
		// The user may read the subresource but not the Deployment: the server
		// must not read it on the user's behalf.
		{name: "user forbidden", parent: "hidden", wantCode: http.StatusForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := r.Get(ctx, tt.parent, &metav1.GetOptions{})
			status, ok := err.(apierrors.APIStatus)
			if !ok {
				t.Fatalf("got %v, want an API status error", err)
			}
			if status.Status().Code != tt.wantCode {
				t.Errorf("got code %d (%v), want %d", status.Status().Code, err, tt.wantCode)
			}
		})
	}
}

// TestGetAll reads the compositions of every Deployment with the name *: one
// list of deployments, and no get.
func TestGetAll(t *testing.T) {
	tests := []struct {
		name      string
		ctx       context.Context
		wantNames []string
	}{
		{name: "one namespace", ctx: requestContext(), wantNames: []string{"default/web"}},
		{name: "all namespaces", ctx: genericapirequest.WithNamespace(requestContext(), metav1.NamespaceAll), wantNames: []string{"default/web", "other/api"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newREST(t)
			obj, err := r.Get(tt.ctx, registry.AllParents, &metav1.GetOptions{})
			if err != nil {
				t.Fatal(err)
			}
			list, ok := obj.(*v1alpha1.DeploymentCompositionList)
			if !ok {
				t.Fatalf("got %T, want *v1alpha1.DeploymentCompositionList", obj)
			}
			var names []string
			for _, item := range list.Items {
				names = append(names, item.Namespace+"/"+item.Name)
			}
			if !reflect.DeepEqual(names, tt.wantNames) {
				t.Errorf("got %v, want %v", names, tt.wantNames)
			}
			if list.ResourceVersion != "50" {
				t.Errorf("the list's resourceVersion is %q, want the one of the deployments read (50)", list.ResourceVersion)
			}
			if list.Items[0].Status.Replicas != 3 {
				t.Errorf("replicas of web is %d, want 3", list.Items[0].Status.Replicas)
			}
			var verbs []string
			for _, action := range r.parents.(*fake.FakeAppsV1).Actions() {
				verbs = append(verbs, action.GetVerb())
			}
			if !reflect.DeepEqual(verbs, []string{"list"}) {
				t.Errorf("the server asked the cluster %v, want one list", verbs)
			}
		})
	}

	// A user who may not list the deployments learns nothing of them, and
	// the server does not read them on the user's behalf.
	forbidden := []struct {
		name string
		ctx  context.Context
	}{
		{name: "bob", ctx: genericapirequest.WithUser(requestContext(), &user.DefaultInfo{Name: "bob"})},
		{name: "bob in all namespaces", ctx: genericapirequest.WithNamespace(genericapirequest.WithUser(requestContext(), &user.DefaultInfo{Name: "bob"}), metav1.NamespaceAll)},
		{name: "alice in namespace private", ctx: genericapirequest.WithNamespace(requestContext(), "private")},
	}
	for _, tt := range forbidden {
		t.Run(tt.name, func(t *testing.T) {
			r := newREST(t)
			_, err := r.Get(tt.ctx, registry.AllParents, &metav1.GetOptions{})
			if !apierrors.IsForbidden(err) {
				t.Errorf("got %v, want 403 Forbidden", err)
			}
			if actions := r.parents.(*fake.FakeAppsV1).Actions(); len(actions) != 0 {
				t.Errorf("the server asked the cluster %v for a user who may not list, want nothing", actions)
			}
		})
	}

	r := newREST(t)
	// The server's own RBAC is at fault, not the client's.
	_, err := r.Get(genericapirequest.WithNamespace(requestContext(), "secret"), registry.AllParents, &metav1.GetOptions{})
	if !apierrors.IsInternalError(err) {
		t.Errorf("a forbidden list: got %v, want 500 Internal Error", err)
	}
	// Only * goes without a namespace.
	_, err = r.Get(genericapirequest.WithNamespace(requestContext(), metav1.NamespaceAll), "web", &metav1.GetOptions{})
	if !apierrors.IsBadRequest(err) {
		t.Errorf("a name without a namespace: got %v, want 400 Bad Request", err)
	}
}

func TestGetStandalone(t *testing.T) {
	storage, err := NewStorage(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx := requestContext()
	_, err = storage.Subresources["compositions"].(*REST).Get(ctx, "web", &metav1.GetOptions{})
	if !apierrors.IsServiceUnavailable(err) {
		t.Errorf("without a cluster, got %v, want 503 Service Unavailable", err)
	}
	if _, ok := storage.REST.(*registry.ForeignParentREST); !ok {
		t.Errorf("deployments is served by %T, want the foreign stand-in", storage.REST)
	}
}
