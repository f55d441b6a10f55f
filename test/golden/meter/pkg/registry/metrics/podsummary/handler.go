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
	"fmt"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	corev1client "k8s.io/client-go/kubernetes/typed/core/v1"
	restclient "k8s.io/client-go/rest"

	"demo.io/meter/pkg/apis/metrics/v1alpha1"
)

// This file is yours: apiboot writes it once and keeps your changes. It is
// where podsummaries come from. The example computes them from the pods of the
// cluster, read with the server's own credentials as metrics-server reads
// its data: one PodSummary per pod. The server's
// ClusterRole grants get and list on pods (apiboot build config writes it);
// read other objects, and grant what they need in its rules.

// handler computes podsummaries.
type handler struct {
	// pods reads pods; nil when the server runs without a cluster
	// (--standalone), where the handler serves data of its own.
	pods corev1client.PodsGetter
	// started is when the server started: the age of its own data.
	started metav1.Time
}

func newHandler(cluster *restclient.Config) (*handler, error) {
	h := &handler{started: metav1.NewTime(time.Now().Truncate(time.Second))}
	if cluster == nil {
		return h, nil
	}
	config := restclient.CopyConfig(cluster)
	restclient.AddUserAgent(config, "meter-apiserver/podsummaries")
	client, err := corev1client.NewForConfig(config)
	if err != nil {
		return nil, fmt.Errorf("unable to create the client for pods: %w", err)
	}
	h.pods = client
	return h, nil
}

// get returns the PodSummary of the pod name in namespace.
func (h *handler) get(ctx context.Context, namespace, name string) (*v1alpha1.PodSummary, error) {
	if h.pods == nil {
		for _, obj := range h.standalone(namespace) {
			if obj.Name == name {
				return obj, nil
			}
		}
		return nil, apierrors.NewNotFound(v1alpha1.Resource("podsummaries"), name)
	}
	pod, err := h.pods.Pods(namespace).Get(ctx, name, metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		return nil, apierrors.NewNotFound(v1alpha1.Resource("podsummaries"), name)
	}
	if err != nil {
		return nil, clusterError(err, "get", namespace)
	}
	return summarize(pod), nil
}

// list returns the PodSummary of every pod of namespace (of every namespace
// when it is metav1.NamespaceAll).
func (h *handler) list(ctx context.Context, namespace string) ([]*v1alpha1.PodSummary, error) {
	var objects []*v1alpha1.PodSummary
	if h.pods == nil {
		objects = h.standalone(namespace)
	} else {
		pods, err := h.pods.Pods(namespace).List(ctx, metav1.ListOptions{})
		if err != nil {
			return nil, clusterError(err, "list", namespace)
		}
		for i := range pods.Items {
			objects = append(objects, summarize(&pods.Items[i]))
		}
	}
	return objects, nil
}

// summarize computes the PodSummary of a pod.
func summarize(pod *corev1.Pod) *v1alpha1.PodSummary {
	ready, restarts := 0, int32(0)
	for _, c := range pod.Status.ContainerStatuses {
		if c.Ready {
			ready++
		}
		restarts += c.RestartCount
	}
	return &v1alpha1.PodSummary{
		ObjectMeta: metav1.ObjectMeta{
			Name:              pod.Name,
			Namespace:         pod.Namespace,
			Labels:            pod.Labels,
			CreationTimestamp: pod.CreationTimestamp,
		},
		Status: v1alpha1.PodSummaryStatus{
			Phase:    string(pod.Status.Phase),
			Node:     pod.Spec.NodeName,
			Ready:    fmt.Sprintf("%d/%d", ready, len(pod.Spec.Containers)),
			Restarts: restarts,
		},
	}
}

// standalone is what the handler serves without a cluster: the server
// itself, as the one pod of namespace default.
func (h *handler) standalone(namespace string) []*v1alpha1.PodSummary {
	if namespace != metav1.NamespaceAll && namespace != metav1.NamespaceDefault {
		return nil
	}
	return []*v1alpha1.PodSummary{{
		ObjectMeta: metav1.ObjectMeta{
			Name:              "meter-apiserver",
			Namespace:         metav1.NamespaceDefault,
			Labels:            map[string]string{"app.kubernetes.io/name": "meter", "app.kubernetes.io/component": "apiserver"},
			CreationTimestamp: h.started,
		},
		Status: v1alpha1.PodSummaryStatus{Phase: string(corev1.PodRunning), Node: "localhost", Ready: "1/1"},
	}}
}

// clusterError is the error of a failed read of pods. Forbidden means the
// server's own ClusterRole lacks the rule, not that the client may not read
// podsummaries: answering 403 would blame the client, so it is an internal
// error that names the rule.
func clusterError(err error, verb, namespace string) error {
	if apierrors.IsForbidden(err) || apierrors.IsUnauthorized(err) {
		where := "in all namespaces"
		if namespace != metav1.NamespaceAll {
			where = "in namespace " + namespace
		}
		return apierrors.NewInternalError(fmt.Errorf("the server cannot %s pods %s: its ClusterRole needs the rule %s on pods in the core group (%w)", verb, where, verb, err))
	}
	return err
}
