package vantage

import (
	"context"
	"net/http"

	"github.com/omnivector-solutions/vantage-sdk-go/internal/api"
)

// ClustersService lists, describes and scales clusters. Use it as client.Clusters.
type ClustersService struct{ core *core }

// ClusterListOptions filters List.
type ClusterListOptions struct {
	// Status is one of provisioning, running, scaling, stopped, error.
	Status ClusterStatus
	// Provider is one of local, aws, gcp, azure, on-premises.
	Provider string
	Region   string
}

// ClusterGetOptions asks Get for related data: "metrics" and/or "nodes".
type ClusterGetOptions struct {
	Include []string
}

// ScaleOptions sets either a fixed node count (Nodes, 0 included) or autoscaling bounds
// (MinNodes, MaxNodes and optionally TargetUtilization), never both.
type ScaleOptions struct {
	Nodes             int
	MinNodes          int
	MaxNodes          int
	TargetUtilization float64
	// IdempotencyKey replaces the random key the SDK sends.
	IdempotencyKey string
}

// List returns the clusters, sorted by name.
//
//	clusters, err := client.Clusters.List(ctx, &vantage.ClusterListOptions{Provider: "aws"})
func (s *ClustersService) List(ctx context.Context, opts *ClusterListOptions) ([]Cluster, error) {
	o := deref(opts)
	params := &api.ListClustersParams{
		Status:   nonZero(o.Status),
		Provider: nonZero(api.ClusterProvider(o.Provider)),
		Region:   nonZero(o.Region),
	}
	list, err := callJSON(ctx, s.core, api.OpListClusters, func(ctx context.Context, edit api.RequestEditorFn) (*http.Response, error) {
		return s.core.api.ListClusters(ctx, params, edit)
	}, api.ParseListClustersResponse, func(r *api.ListClustersResponse) *api.ClusterList { return r.JSON200 })
	if err != nil {
		return nil, err
	}
	return list.Items, nil
}

// Get returns a cluster by name; the optional opts embed its metrics and nodes.
//
//	cluster, err := client.Clusters.Get(ctx, "my-cluster", &vantage.ClusterGetOptions{Include: []string{"nodes"}})
func (s *ClustersService) Get(ctx context.Context, name string, opts ...*ClusterGetOptions) (*Cluster, error) {
	if err := checkID("name", name); err != nil {
		return nil, err
	}
	include, err := enumList("Include", deref(optional(opts)).Include, api.ClusterInclude.Valid)
	if err != nil {
		return nil, err
	}
	params := &api.GetClusterParams{Include: include}
	return callJSON(ctx, s.core, api.OpGetCluster, func(ctx context.Context, edit api.RequestEditorFn) (*http.Response, error) {
		return s.core.api.GetCluster(ctx, name, params, edit)
	}, api.ParseGetClusterResponse, func(r *api.GetClusterResponse) *api.Cluster { return r.JSON200 })
}

// Scale sets a cluster's size; the cluster reports "scaling" until the change is done.
//
//	err := client.Clusters.Scale(ctx, "my-cluster", &vantage.ScaleOptions{MinNodes: 2, MaxNodes: 20, TargetUtilization: 0.8})
func (s *ClustersService) Scale(ctx context.Context, name string, opts *ScaleOptions) error {
	_, err := s.ScaleCluster(ctx, name, opts)
	return err
}

// ScaleCluster is Scale returning the cluster as it is after the change was accepted.
func (s *ClustersService) ScaleCluster(ctx context.Context, name string, opts *ScaleOptions) (*Cluster, error) {
	if err := checkID("name", name); err != nil {
		return nil, err
	}
	body, err := scaleRequest(opts)
	if err != nil {
		return nil, err
	}
	key := firstNonEmpty(opts.IdempotencyKey, newIdempotencyKey())
	params := &api.ScaleClusterParams{IdempotencyKey: &key}
	return callJSON(ctx, s.core, api.OpScaleCluster, func(ctx context.Context, edit api.RequestEditorFn) (*http.Response, error) {
		return s.core.api.ScaleCluster(ctx, name, params, body, edit)
	}, api.ParseScaleClusterResponse, func(r *api.ScaleClusterResponse) *api.Cluster { return r.JSON202 })
}

func scaleRequest(opts *ScaleOptions) (api.ScaleRequest, error) {
	if opts == nil {
		return api.ScaleRequest{}, fieldError("opts", "give Nodes, or MinNodes and MaxNodes")
	}
	autoscaling := opts.MinNodes != 0 || opts.MaxNodes != 0 || opts.TargetUtilization != 0
	if !autoscaling {
		if err := checkRange("Nodes", opts.Nodes, 0, 1000); err != nil {
			return api.ScaleRequest{}, err
		}
		return api.ScaleRequest{Nodes: ptr(opts.Nodes)}, nil
	}
	switch {
	case opts.Nodes != 0:
		return api.ScaleRequest{}, fieldError("Nodes", "cannot be combined with MinNodes, MaxNodes or TargetUtilization")
	case opts.MaxNodes < 1 || opts.MaxNodes > 1000:
		return api.ScaleRequest{}, fieldError("MaxNodes", "must be between 1 and 1000 when autoscaling")
	case opts.MinNodes < 0 || opts.MinNodes > opts.MaxNodes:
		return api.ScaleRequest{}, fieldError("MinNodes", "must be between 0 and MaxNodes")
	case opts.TargetUtilization < 0 || opts.TargetUtilization > 1:
		return api.ScaleRequest{}, fieldError("TargetUtilization", "must be in (0, 1]")
	}
	return api.ScaleRequest{MinNodes: ptr(opts.MinNodes), MaxNodes: ptr(opts.MaxNodes), TargetUtilization: nonZero(opts.TargetUtilization)}, nil
}
