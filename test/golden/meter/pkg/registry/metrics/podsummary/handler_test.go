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

package podsummary

import (
	"context"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes/fake"
	clienttesting "k8s.io/client-go/testing"

	"demo.io/meter/pkg/apis/metrics/v1alpha1"
)

// newTestHandler returns a handler over a cluster holding two pods in
// namespace default and one in kube-system.
func newTestHandler() (*handler, *fake.Clientset) {
	pod := func(namespace, name string, phase corev1.PodPhase, ready bool, restarts int32) *corev1.Pod {
		return &corev1.Pod{
			ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: namespace, UID: types.UID(namespace + "-" + name), Labels: map[string]string{"app": name}},
			Spec:       corev1.PodSpec{NodeName: "node-1", Containers: []corev1.Container{{Name: "main"}, {Name: "sidecar"}}},
			Status: corev1.PodStatus{Phase: phase, ContainerStatuses: []corev1.ContainerStatus{
				{Name: "main", Ready: ready, RestartCount: restarts},
				{Name: "sidecar", Ready: true},
			}},
		}
	}
	client := fake.NewClientset(
		pod("default", "web", corev1.PodRunning, true, 2),
		pod("default", "job", corev1.PodPending, false, 0),
		pod("kube-system", "dns", corev1.PodRunning, true, 1),
	)
	h, _ := newHandler(nil)
	h.pods = newPodCache(client)
	return h, client
}

func TestGet(t *testing.T) {
	h, _ := newTestHandler()
	got, err := h.get(context.Background(), "default", "web")
	if err != nil {
		t.Fatal(err)
	}
	want := v1alpha1.PodSummaryStatus{Phase: "Running", Node: "node-1", Ready: "2/2", Restarts: 2}
	if got.Status != want || got.Labels["app"] != "web" {
		t.Errorf("got %+v with labels %v, want %+v and the pod's labels", got.Status, got.Labels, want)
	}
	if _, err := h.get(context.Background(), "default", "missing"); !apierrors.IsNotFound(err) {
		t.Errorf("a missing pod: got %v, want 404 Not Found", err)
	}
}

func TestList(t *testing.T) {
	h, _ := newTestHandler()
	objects, err := h.list(context.Background(), "default")
	if err != nil {
		t.Fatal(err)
	}
	if len(objects) != 2 {
		t.Errorf("got %d podsummaries in default, want 2", len(objects))
	}
	all, err := h.list(context.Background(), metav1.NamespaceAll)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 3 {
		t.Errorf("got %d podsummaries in all namespaces, want 3", len(all))
	}
}

// The server's own RBAC is at fault when it may not read pods: the error
// names the rule its ClusterRole lacks.
func TestForbiddenNamesTheRule(t *testing.T) {
	t.Parallel()
	h, client := newTestHandler()
	client.PrependReactor("list", "pods", func(clienttesting.Action) (bool, runtime.Object, error) {
		return true, nil, apierrors.NewForbidden(corev1.Resource("pods"), "", nil)
	})
	_, err := h.list(context.Background(), "default")
	if !apierrors.IsInternalError(err) || !strings.Contains(err.Error(), "needs the rules list and watch on pods in the core group") {
		t.Errorf("got %v, want an internal error naming the rule", err)
	}
}

// Without a cluster, the handler serves the server itself.
func TestStandalone(t *testing.T) {
	h, err := newHandler(nil)
	if err != nil {
		t.Fatal(err)
	}
	objects, err := h.list(context.Background(), metav1.NamespaceAll)
	if err != nil {
		t.Fatal(err)
	}
	if len(objects) != 1 {
		t.Errorf("got %d podsummaries without a cluster, want 1", len(objects))
	}
}

// Every read comes from one informer: however many gets and lists, the
// cluster is listed once and then watched.
func TestReadsThroughOneInformer(t *testing.T) {
	h, client := newTestHandler()
	for range 20 {
		if _, err := h.list(context.Background(), metav1.NamespaceAll); err != nil {
			t.Fatal(err)
		}
		if _, err := h.get(context.Background(), "default", "web"); err != nil {
			t.Fatal(err)
		}
	}
	counts := map[string]int{}
	for _, action := range client.Actions() {
		counts[action.GetVerb()]++
	}
	if counts["list"] != 1 || counts["watch"] != 1 || counts["get"] != 0 {
		t.Errorf("40 reads made %v requests to the cluster, want one list and one watch", counts)
	}
}
