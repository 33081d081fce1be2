package client

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"syscall"
	"time"
)

// defaultTimeout is the AWS CLI's connect and read timeout, in seconds.
const defaultTimeout = 60

// timeouts turns --cli-connect-timeout / --cli-read-timeout into durations:
// nil means the 60 s default, 0 means no timeout.
func timeout(secs *int) time.Duration {
	if secs == nil {
		return defaultTimeout * time.Second
	}
	if *secs <= 0 {
		return 0
	}
	return time.Duration(*secs) * time.Second
}

// newHTTPClient builds a plain net/http client like botocore's: the connect
// timeout bounds the TCP connect, the read timeout bounds every socket read
// (as a Python socket timeout does), no connection reuse (one CLI call), the
// proxy from the environment, and TLS verified against rootCAs (nil: the
// system pool) unless noVerify.
func newHTTPClient(connect, read time.Duration, noVerify bool, rootCAs *x509.CertPool) *http.Client {
	dialer := &net.Dialer{Timeout: connect}
	tr := &http.Transport{
		Proxy: http.ProxyFromEnvironment,
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			c, err := dialer.DialContext(ctx, network, addr)
			if err != nil || read <= 0 {
				return c, err
			}
			return &readTimeoutConn{Conn: c, timeout: read}, nil
		},
		TLSClientConfig: &tls.Config{
			RootCAs:            rootCAs,
			InsecureSkipVerify: noVerify, //nolint:gosec // --no-verify-ssl asks for exactly this
		},
		TLSHandshakeTimeout: connect,
		DisableKeepAlives:   true,
		DisableCompression:  true,
	}
	return &http.Client{
		Transport: tr,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse // botocore does not follow redirects
		},
	}
}

// readTimeoutConn gives each Read its own deadline.
type readTimeoutConn struct {
	net.Conn
	timeout time.Duration
}

func (c *readTimeoutConn) Read(p []byte) (int, error) {
	if err := c.Conn.SetReadDeadline(time.Now().Add(c.timeout)); err != nil {
		return 0, err
	}
	return c.Conn.Read(p)
}

// loadCABundle reads a PEM bundle into a pool that replaces the system roots,
// as a botocore `verify=<path>` does.
func loadCABundle(path string) (*x509.CertPool, error) {
	pem, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("no PEM certificates in %s", path)
	}
	return pool, nil
}

// transportError turns a failed round trip into the AWS CLI's text for it.
func transportError(url string, err error) *Error {
	var netErr net.Error
	var opErr *net.OpError
	switch {
	case errors.As(err, &opErr) && opErr.Op == "dial" && opErr.Timeout():
		return errConnectTimeout(url)
	case errors.As(err, &netErr) && netErr.Timeout():
		return errReadTimeout(url)
	case isTLSError(err):
		return errSSL(url, err)
	case errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return errConnectionClosed(url)
	}
	return errConnect(url)
}

func isTLSError(err error) bool {
	var unknownAuth x509.UnknownAuthorityError
	var hostname x509.HostnameError
	var invalid x509.CertificateInvalidError
	var verify *tls.CertificateVerificationError
	var alert tls.AlertError
	var rec tls.RecordHeaderError
	return errors.As(err, &unknownAuth) || errors.As(err, &hostname) || errors.As(err, &invalid) ||
		errors.As(err, &verify) || errors.As(err, &alert) || errors.As(err, &rec)
}
