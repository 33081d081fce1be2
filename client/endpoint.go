package client

import (
	"context"
	"net/url"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
)

// sdkID is the service's SDK ID; it names AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING
// and the `partnercentral_selling` key of a [services NAME] config section.
const sdkID = "PartnerCentral Selling"

// resolveEndpoint picks the endpoint URL by AWS CLI v2's precedence
// (aws-cli-behaviour.md §10, and aws-cli's configured-endpoint tests):
//
//  1. --endpoint-url
//  2. AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING
//  3. AWS_ENDPOINT_URL
//  4. the profile's services section (partnercentral_selling = endpoint_url = …)
//  5. the profile's endpoint_url
//  6. https://partnercentral-selling[-fips].<region>.api.aws
//
// AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true (or ignore_configured_endpoint_urls
// in the profile) skips 2 to 5. aws-sdk-go-v2 reads every source; only the
// order is applied here, because the SDK's own service clients rank the
// services section above AWS_ENDPOINT_URL, unlike the AWS CLI.
// It returns "" with no error when the default endpoint needs a region that
// is not configured.
func resolveEndpoint(ctx context.Context, flag string, cfg aws.Config, region string) (endpoint, source string, err *Error) {
	if flag != "" {
		if !hasPythonScheme(flag) {
			return "", "", errEndpointScheme(flag)
		}
		if !validEndpoint(flag) {
			return "", "", errInvalidEndpoint(flag)
		}
		return flag, "--endpoint-url", nil
	}
	env, shared := configSources(cfg)
	ignore, _, _ := config.GetIgnoreConfiguredEndpoints(ctx, cfg.ConfigSources)
	if !ignore {
		for _, c := range []struct {
			source string
			get    func() (string, bool, error)
		}{
			{"AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING", func() (string, bool, error) { return env.GetServiceBaseEndpoint(ctx, sdkID) }},
			{"AWS_ENDPOINT_URL", func() (string, bool, error) { return env.BaseEndpoint, env.BaseEndpoint != "", nil }},
			{"services section of profile", func() (string, bool, error) { return shared.GetServiceBaseEndpoint(ctx, sdkID) }},
			{"endpoint_url of profile", func() (string, bool, error) { return shared.BaseEndpoint, shared.BaseEndpoint != "", nil }},
		} {
			if v, ok, _ := c.get(); ok && v != "" {
				if !validEndpoint(v) {
					return "", "", errInvalidEndpoint(v)
				}
				return v, c.source, nil
			}
		}
	}
	if region == "" {
		return "", "", nil
	}
	host := "partnercentral-selling"
	if env.UseFIPSEndpoint == aws.FIPSEndpointStateEnabled ||
		(env.UseFIPSEndpoint == aws.FIPSEndpointStateUnset && shared.UseFIPSEndpoint == aws.FIPSEndpointStateEnabled) {
		host += "-fips"
	}
	return "https://" + host + "." + region + ".api.aws", "default", nil
}

// configSources finds the environment and shared-file layers the SDK loaded.
func configSources(cfg aws.Config) (config.EnvConfig, config.SharedConfig) {
	var env config.EnvConfig
	var shared config.SharedConfig
	for _, s := range cfg.ConfigSources {
		switch s := s.(type) {
		case config.EnvConfig:
			env = s
		case config.SharedConfig:
			shared = s
		}
	}
	return env, shared
}

// hasPythonScheme mirrors Python's urlsplit, which the AWS CLI uses to check
// --endpoint-url: a scheme is the text before the first ':' when it starts
// with an ASCII letter and holds only letters, digits, '+', '-' and '.'.
// So "127.0.0.1:8080" and "localhost" have none, but "h:1" has scheme "h"
// (and then fails as an invalid endpoint, exit 255).
func hasPythonScheme(s string) bool {
	i := strings.IndexByte(s, ':')
	if i <= 0 || !isASCIILetter(s[0]) {
		return false
	}
	for j := 0; j < i; j++ {
		c := s[j]
		if !isASCIILetter(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.' {
			return false
		}
	}
	return true
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// validEndpoint mirrors botocore's is_valid_endpoint_url: no tab or newline,
// an http(s) URL with a host name made of DNS labels (or an IP literal).
func validEndpoint(s string) bool {
	if strings.ContainsAny(s, "\t\r\n") {
		return false
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return false
	}
	host := u.Hostname()
	if host == "" || len(host) > 255 {
		return false
	}
	if strings.Contains(host, ":") { // IPv6 literal
		return true
	}
	host = strings.TrimSuffix(host, ".")
	for _, label := range strings.Split(host, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			if !isASCIILetter(c) && !(c >= '0' && c <= '9') && c != '-' {
				return false
			}
		}
	}
	return true
}

// requestURL is the URL botocore sends to and names in connection errors:
// the endpoint with "/" as the path when it has none.
func requestURL(endpoint string) string {
	u, err := url.Parse(endpoint)
	if err != nil {
		return endpoint
	}
	if u.Path == "" {
		u.Path = "/"
	}
	return u.String()
}
