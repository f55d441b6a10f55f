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

package namespacesummary

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
// where namespacesummaries come from. The example computes them from the pods of the
// cluster, read with the server's own credentials as metrics-server reads
// its data: one NamespaceSummary per namespace that has pods. The server's
// ClusterRole grants get and list on pods (apiboot build config writes it);
// read other objects, and grant what they need in its rules.

// handler computes namespacesummaries.
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
	restclient.AddUserAgent(config, "meter-apiserver/namespacesummaries")
	client, err := corev1client.NewForConfig(config)
	if err != nil {
		return nil, fmt.Errorf("unable to create the client for pods: %w", err)
	}
	h.pods = client
	return h, nil
}

// get returns the NamespaceSummary of the namespace name.
func (h *handler) get(ctx context.Context, _, name string) (*v1alpha1.NamespaceSummary, error) {
	objects, err := h.summaries(ctx, name)
	if err != nil {
		return nil, err
	}
	if len(objects) == 0 {
		return nil, apierrors.NewNotFound(v1alpha1.Resource("namespacesummaries"), name)
	}
	return objects[0], nil
}

// list returns the NamespaceSummary of every namespace that has pods.
func (h *handler) list(ctx context.Context, _ string) ([]*v1alpha1.NamespaceSummary, error) {
	return h.summaries(ctx, metav1.NamespaceAll)
}

// summaries reads the pods of namespace (of every namespace when it is
// metav1.NamespaceAll) and computes one NamespaceSummary per namespace.
func (h *handler) summaries(ctx context.Context, namespace string) ([]*v1alpha1.NamespaceSummary, error) {
	var pods []corev1.Pod
	if h.pods == nil {
		// Without a cluster: the server itself, as the one pod of namespace default.
		if namespace == metav1.NamespaceAll || namespace == metav1.NamespaceDefault {
			pods = []corev1.Pod{{
				ObjectMeta: metav1.ObjectMeta{Name: "meter-apiserver", Namespace: metav1.NamespaceDefault, CreationTimestamp: h.started},
				Status:     corev1.PodStatus{Phase: corev1.PodRunning},
			}}
		}
	} else {
		list, err := h.pods.Pods(namespace).List(ctx, metav1.ListOptions{})
		if err != nil {
			return nil, clusterError(err, "list", namespace)
		}
		pods = list.Items
	}
	byNamespace := map[string]*v1alpha1.NamespaceSummary{}
	var objects []*v1alpha1.NamespaceSummary
	for _, pod := range pods {
		obj, ok := byNamespace[pod.Namespace]
		if !ok {
			obj = &v1alpha1.NamespaceSummary{ObjectMeta: metav1.ObjectMeta{Name: pod.Namespace, CreationTimestamp: pod.CreationTimestamp}}
			byNamespace[pod.Namespace] = obj
			objects = append(objects, obj)
		}
		// The oldest pod gives the summary its age.
		if pod.CreationTimestamp.Before(&obj.CreationTimestamp) {
			obj.CreationTimestamp = pod.CreationTimestamp
		}
		obj.Status.Pods++
		if pod.Status.Phase == corev1.PodRunning {
			obj.Status.Running++
		}
		for _, c := range pod.Status.ContainerStatuses {
			obj.Status.Restarts += c.RestartCount
		}
	}
	return objects, nil
}

// clusterError is the error of a failed read of pods. Forbidden means the
// server's own ClusterRole lacks the rule, not that the client may not read
// namespacesummaries: answering 403 would blame the client, so it is an internal
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
