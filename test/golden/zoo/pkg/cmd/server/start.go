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

// Package server is the command line of the API server: its options and
// flags, and how they become a running server.
package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	utilerrors "k8s.io/apimachinery/pkg/util/errors"
	"k8s.io/apiserver/pkg/authentication/user"
	"k8s.io/apiserver/pkg/authorization/authorizer"
	"k8s.io/apiserver/pkg/authorization/authorizerfactory"
	"k8s.io/apiserver/pkg/authorization/path"
	"k8s.io/apiserver/pkg/authorization/union"
	genericapiserver "k8s.io/apiserver/pkg/server"
	genericoptions "k8s.io/apiserver/pkg/server/options"
	"k8s.io/apiserver/pkg/util/compatibility"
	basecompatibility "k8s.io/component-base/compatibility"
	"k8s.io/kube-openapi/pkg/common"
	netutils "k8s.io/utils/net"

	"demo.io/zoo/pkg/apiserver"
	generatedopenapi "demo.io/zoo/pkg/generated/openapi"
)

// defaultEtcdPathPrefix is where the server keeps its objects in etcd. It
// must differ from the prefix of any other API server sharing the etcd.
const defaultEtcdPathPrefix = "/registry/demo.io"

// loopback is the only address the server listens on in standalone mode.
var loopback = netutils.ParseIPSloppy("127.0.0.1")

// Options are the command line options of the server.
type Options struct {
	// RecommendedOptions are the options of any aggregated API server: etcd,
	// serving, delegated authentication and authorization, admission, ...
	RecommendedOptions *genericoptions.RecommendedOptions
	// ComponentGlobalsRegistry holds the effective (emulated) Kubernetes
	// version and the feature gates, and their flags.
	ComponentGlobalsRegistry basecompatibility.ComponentGlobalsRegistry
	// ServerRun are the generic server's run options, as kube-apiserver has
	// them: --max-requests-inflight, --request-timeout, --goaway-chance,
	// --shutdown-delay-duration and the other limits and timeouts.
	ServerRun *genericoptions.ServerRunOptions

	// Standalone runs the server for local development, without any
	// kube-apiserver: it listens on 127.0.0.1 only, authenticates clients by
	// their certificates (--client-ca-file), allows the system:masters group
	// only, and runs no admission plugins.
	Standalone bool
	// Features are the options of the parts of the server that a project has
	// only once it uses them (see feature).
	Features []feature

	StdOut io.Writer
	StdErr io.Writer
}

// NewOptions returns the default options.
func NewOptions(out, errOut io.Writer) *Options {
	o := &Options{
		RecommendedOptions: genericoptions.NewRecommendedOptions(
			defaultEtcdPathPrefix,
			// Each kind is stored in its storage version (see
			// pkg/apiserver/storage_versions.go).
			apiserver.StorageCodec(),
		),
		ComponentGlobalsRegistry: compatibility.DefaultComponentGlobalsRegistry,
		ServerRun:                genericoptions.NewServerRunOptionsForComponent(basecompatibility.DefaultKubeComponent, compatibility.DefaultComponentGlobalsRegistry),
		StdOut:                   out,
		StdErr:                   errOut,
	}
	for _, newFeature := range features {
		o.Features = append(o.Features, newFeature())
	}
	if !apiserver.UsesEtcd() {
		// Every kind is served by a handler: no etcd, and no etcd flags.
		o.RecommendedOptions.Etcd = nil
		return o
	}
	// Tell the stores which version each kind is stored as, for the
	// storageVersionHash that discovery publishes.
	o.RecommendedOptions.Etcd.StorageConfig.EncodeVersioner = apiserver.StorageVersioner()
	return o
}

// feature is a part of the server with options of its own, in a file of its
// own that a project has once it uses the part, such as events.go (the Events
// of --standalone mode, in a project that stores a kind in etcd). The file
// adds the feature to features.
type feature interface {
	AddFlags(fs *pflag.FlagSet)
	// Validate checks the feature's options, knowing all the others.
	Validate(o *Options) []error
	// OpenAPIDefinitions adds the definitions of the feature's types to
	// those the server publishes, and builds its managed fields from.
	OpenAPIDefinitions(o *Options, getDefinitions common.GetOpenAPIDefinitions) common.GetOpenAPIDefinitions
	// ApplyTo changes the server's configuration, last.
	ApplyTo(o *Options, config *apiserver.Config) error
}

// features make the options of each feature the project has.
var features []func() feature

// NewCommandStartServer returns the command that runs the server until ctx
// is done.
func NewCommandStartServer(ctx context.Context, o *Options) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "apiserver",
		Short: "Launch the zoo API server",
		Long: `Launch the zoo API server.

By default it runs as an aggregated API server behind a kube-apiserver, which
authenticates and authorizes its requests. With --standalone it runs on its
own for local development.`,
		// Apply --emulated-version and --feature-gates right after parsing.
		PersistentPreRunE: func(*cobra.Command, []string) error {
			return o.ComponentGlobalsRegistry.Set()
		},
		RunE: func(c *cobra.Command, args []string) error {
			if err := o.Complete(); err != nil {
				return err
			}
			if err := o.Validate(args); err != nil {
				return err
			}
			return o.Run(c.Context())
		},
	}
	cmd.SetContext(ctx)
	cmd.SetOut(o.StdOut)
	cmd.SetErr(o.StdErr)
	o.AddFlags(cmd.Flags())
	return cmd
}

// AddFlags adds the flags of the options to fs.
func (o *Options) AddFlags(fs *pflag.FlagSet) {
	o.RecommendedOptions.AddFlags(fs)
	// Also the flags of ComponentGlobalsRegistry (--emulated-version,
	// --feature-gates), which the run options share.
	o.ServerRun.AddUniversalFlags(fs)
	fs.BoolVar(&o.Standalone, "standalone", o.Standalone,
		"Run without a kube-apiserver, for local development: listen on 127.0.0.1 only, "+
			"authenticate clients by certificates signed by --client-ca-file, allow only the system:masters group, "+
			"and run no admission plugins.")
	for _, f := range o.Features {
		f.AddFlags(fs)
	}
}

// Complete fills in what the flags leave open.
func (o *Options) Complete() error {
	if !o.Standalone {
		return nil
	}
	ro := o.RecommendedOptions
	// There is no kube-apiserver to watch namespaces or other core objects,
	// to run admission webhooks, or to review access.
	ro.CoreAPI = nil
	ro.Admission = nil
	ro.Authorization = nil
	// Priority and fairness reads its configuration from the kube-apiserver.
	ro.Features.EnablePriorityAndFairness = false
	// Authenticate by client certificates only: no token review, and no
	// lookup of the kube-system/extension-apiserver-authentication configmap.
	ro.Authentication.RemoteKubeConfigFileOptional = true
	ro.Authentication.SkipInClusterLookup = true
	// Listen on loopback unless told otherwise; Validate refuses any other
	// address.
	if ro.SecureServing.BindAddress == nil || ro.SecureServing.BindAddress.IsUnspecified() {
		ro.SecureServing.BindAddress = loopback
	}
	return nil
}

// Validate checks the options.
func (o *Options) Validate(args []string) error {
	var errs []error
	if len(args) > 0 {
		errs = append(errs, fmt.Errorf("no arguments expected, got %q", args))
	}
	errs = append(errs, o.RecommendedOptions.Validate()...)
	errs = append(errs, o.ServerRun.Validate()...)
	errs = append(errs, o.ComponentGlobalsRegistry.Validate()...)
	if o.Standalone {
		if !o.RecommendedOptions.SecureServing.BindAddress.Equal(loopback) {
			errs = append(errs, fmt.Errorf("--standalone serves on %s only, not on --bind-address=%s", loopback, o.RecommendedOptions.SecureServing.BindAddress))
		}
		if o.RecommendedOptions.Authentication.ClientCert.ClientCA == "" {
			errs = append(errs, errors.New("--standalone needs --client-ca-file: clients authenticate with certificates signed by it"))
		}
	}
	for _, f := range o.Features {
		errs = append(errs, f.Validate(o)...)
	}
	return utilerrors.NewAggregate(errs)
}

// Config returns the server configuration the options describe.
func (o *Options) Config() (*apiserver.Config, error) {
	// Without --tls-cert-file and --tls-private-key-file, serve with a
	// self-signed certificate written to --cert-dir.
	if err := o.RecommendedOptions.SecureServing.MaybeDefaultWithSelfSignedCerts("localhost", nil, []net.IP{loopback}); err != nil {
		return nil, fmt.Errorf("unable to create self-signed certificates: %w", err)
	}

	serverConfig := genericapiserver.NewRecommendedConfig(apiserver.Codecs)

	getDefinitions := generatedopenapi.GetOpenAPIDefinitions
	for _, f := range o.Features {
		getDefinitions = f.OpenAPIDefinitions(o, getDefinitions)
	}
	// Both OpenAPI documents are required: kubectl explain and server-side
	// apply read them.
	namer := apiserver.NewDefinitionNamer()
	serverConfig.OpenAPIConfig = genericapiserver.DefaultOpenAPIConfig(getDefinitions, namer)
	serverConfig.OpenAPIConfig.Info.Title = "zoo"
	serverConfig.OpenAPIConfig.Info.Version = "0.1"
	serverConfig.OpenAPIV3Config = genericapiserver.DefaultOpenAPIV3Config(getDefinitions, namer)
	serverConfig.OpenAPIV3Config.Info.Title = "zoo"
	serverConfig.OpenAPIV3Config.Info.Version = "0.1"

	// Limits and timeouts, and the effective version and feature gates. First,
	// so that the serving options set the external address after it.
	if err := o.ServerRun.ApplyTo(&serverConfig.Config); err != nil {
		return nil, err
	}
	if err := o.RecommendedOptions.ApplyTo(serverConfig); err != nil {
		return nil, err
	}
	if o.Standalone {
		authz, err := standaloneAuthorizer()
		if err != nil {
			return nil, err
		}
		serverConfig.Authorization.Authorizer = authz
	}

	config := &apiserver.Config{
		GenericConfig: serverConfig,
		ExtraConfig: apiserver.ExtraConfig{
			// The kube-apiserver of --kubeconfig (or of the pod's service
			// account), which RecommendedOptions.CoreAPI has loaded; nil in
			// --standalone mode. Not LoopbackClientConfig: that is this
			// server itself.
			ClusterConfig: serverConfig.ClientConfig,
		},
	}
	for _, f := range o.Features {
		if err := f.ApplyTo(o, config); err != nil {
			return nil, err
		}
	}
	return config, nil
}

// standaloneAuthorizer allows the system:masters group everything, and
// anyone the health checks, so that a local supervisor can probe the server.
// Everyone else is forbidden.
func standaloneAuthorizer() (authorizer.Authorizer, error) {
	healthz, err := path.NewAuthorizer([]string{"/healthz", "/readyz", "/livez"})
	if err != nil {
		return nil, err
	}
	return union.New(
		union.NamedAuthorizer{AuthorizerName: "health-checks", Authorizer: healthz},
		union.NamedAuthorizer{AuthorizerName: "system-masters", Authorizer: authorizerfactory.NewPrivilegedGroups(user.SystemPrivilegedGroup)},
	)
}

// Run runs the server until ctx is done.
func (o *Options) Run(ctx context.Context) error {
	config, err := o.Config()
	if err != nil {
		return err
	}
	server, err := config.Complete().New()
	if err != nil {
		return err
	}
	return server.GenericAPIServer.PrepareRun().RunWithContext(ctx)
}
