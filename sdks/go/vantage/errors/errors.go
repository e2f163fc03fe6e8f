// Package errors holds the error types the Vantage SDK returns.
//
// Every API failure is one of the pointer types below, returned unwrapped, so a type switch
// on the error works:
//
//	job, err := client.Jobs.Submit(ctx, jobTemplate)
//	if err != nil {
//	    switch e := err.(type) {
//	    case *errors.AuthenticationError:
//	        fmt.Println("Invalid API key")
//	    case *errors.RateLimitError:
//	        fmt.Printf("Rate limited. Retry after %d seconds\n", e.RetryAfter)
//	    case *errors.VantageAPIError:
//	        fmt.Printf("API error %d: %s\n", e.StatusCode, e.Message)
//	    }
//	}
//
// Each specific kind embeds [VantageAPIError] and unwraps to it, so the standard library's
// errors.As also finds the common fields on any of them:
//
//	var apiErr *errors.VantageAPIError
//	if stderrors.As(err, &apiErr) {
//	    log.Printf("status %d, request id %s", apiErr.StatusCode, apiErr.RequestID)
//	}
//
// Failures without a response ([APIConnectionError], [APITimeoutError]) and transfer
// failures ([TransferError], [IntegrityError]) unwrap to their cause, so
// errors.Is(err, context.Canceled) tells a cancelled call apart.
package errors

import (
	"fmt"
	"strings"
)

// FieldError is what is wrong with one field of a request, such as spec.command.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// String returns "field: message".
func (f FieldError) String() string { return f.Field + ": " + f.Message }

// FieldErrors lists field-level problems; it prints as "a: x; b: y".
type FieldErrors []FieldError

// String joins the field errors with "; ".
func (d FieldErrors) String() string {
	parts := make([]string, len(d))
	for i, f := range d {
		parts[i] = f.String()
	}
	return strings.Join(parts, "; ")
}

// VantageAPIError is an error status from the API, or bad input refused before any request
// (then StatusCode is 0). The specific kinds below embed it.
type VantageAPIError struct {
	// StatusCode is the HTTP status, or 0 for an error found before sending anything.
	StatusCode int
	// Message says what went wrong, for people (the problem's detail or title).
	Message string
	// Code is the problem's stable machine-readable code, such as "job_finished".
	Code string
	// Details lists field-level problems.
	Details FieldErrors
	// RequestID is the server's X-Request-ID, to quote when reporting a problem.
	RequestID string
	// Attempts is how many requests the SDK made before giving up.
	Attempts int
	// Err is the underlying cause, if any (for example a JSON decoding error).
	Err error
}

// Error formats the status, message, field details, code, request id and attempts.
func (e *VantageAPIError) Error() string {
	var b strings.Builder
	if e.StatusCode != 0 {
		fmt.Fprintf(&b, "%d ", e.StatusCode)
	}
	b.WriteString(e.Message)
	if fields := e.Details.String(); fields != "" && !strings.Contains(e.Message, fields) {
		fmt.Fprintf(&b, " [%s]", fields)
	}
	var extras []string
	if e.Code != "" {
		extras = append(extras, "code="+e.Code)
	}
	if e.RequestID != "" {
		extras = append(extras, "request_id="+e.RequestID)
	}
	if e.Attempts > 1 {
		extras = append(extras, fmt.Sprintf("attempts=%d", e.Attempts))
	}
	if len(extras) > 0 {
		fmt.Fprintf(&b, " (%s)", strings.Join(extras, ", "))
	}
	return b.String()
}

// Unwrap returns the underlying cause, if any.
func (e *VantageAPIError) Unwrap() error { return e.Err }

// ValidationError is a 400 or 422, or bad input refused before any request (StatusCode 0).
type ValidationError struct{ VantageAPIError }

// Unwrap returns the embedded VantageAPIError, for errors.As.
func (e *ValidationError) Unwrap() error { return &e.VantageAPIError }

// AuthenticationError is a 401: the API key is missing or invalid.
type AuthenticationError struct{ VantageAPIError }

// Unwrap returns the embedded VantageAPIError, for errors.As.
func (e *AuthenticationError) Unwrap() error { return &e.VantageAPIError }

// AuthorizationError is a 403: the key may not act for this organization or resource.
type AuthorizationError struct{ VantageAPIError }

// Unwrap returns the embedded VantageAPIError, for errors.As.
func (e *AuthorizationError) Unwrap() error { return &e.VantageAPIError }

// ResourceNotFoundError is a 404: no such resource in this organization.
type ResourceNotFoundError struct{ VantageAPIError }

// Unwrap returns the embedded VantageAPIError, for errors.As.
func (e *ResourceNotFoundError) Unwrap() error { return &e.VantageAPIError }

// ConflictError is a 409: the request conflicts with the resource's state or an earlier
// use of its idempotency key.
type ConflictError struct{ VantageAPIError }

// Unwrap returns the embedded VantageAPIError, for errors.As.
func (e *ConflictError) Unwrap() error { return &e.VantageAPIError }

// PayloadTooLargeError is a 413: the request body is larger than the operation accepts.
type PayloadTooLargeError struct{ VantageAPIError }

// Unwrap returns the embedded VantageAPIError, for errors.As.
func (e *PayloadTooLargeError) Unwrap() error { return &e.VantageAPIError }

// RateLimitError is a 429 that outlasted the SDK's retries.
type RateLimitError struct {
	VantageAPIError
	// RetryAfter is the server's Retry-After in whole seconds (0 when it sent none).
	RetryAfter int
}

// Unwrap returns the embedded VantageAPIError, for errors.As.
func (e *RateLimitError) Unwrap() error { return &e.VantageAPIError }

// ServerError is a 5xx that outlasted the SDK's retries.
type ServerError struct {
	VantageAPIError
	// RetryAfter is the server's Retry-After in whole seconds (0 when it sent none).
	RetryAfter int
}

// Unwrap returns the embedded VantageAPIError, for errors.As.
func (e *ServerError) Unwrap() error { return &e.VantageAPIError }

// UnexpectedResponseError is a success status whose body is not what the API describes
// (not JSON, or JSON of another shape, such as a proxy's HTML page). It is not retried.
type UnexpectedResponseError struct{ VantageAPIError }

// Unwrap returns the embedded VantageAPIError, for errors.As.
func (e *UnexpectedResponseError) Unwrap() error { return &e.VantageAPIError }

// APIConnectionError means no response arrived: refused, reset, DNS, TLS, or the call's
// context was cancelled (then errors.Is(err, context.Canceled) holds).
type APIConnectionError struct {
	Message  string
	Attempts int
	Err      error
}

// Error returns the message and the number of attempts.
func (e *APIConnectionError) Error() string {
	if e.Attempts > 1 {
		return fmt.Sprintf("%s (attempts=%d)", e.Message, e.Attempts)
	}
	return e.Message
}

// Unwrap returns the transport's error.
func (e *APIConnectionError) Unwrap() error { return e.Err }

// APITimeoutError is an attempt that outlasted Config.Timeout, or a context deadline.
type APITimeoutError struct{ APIConnectionError }

// Unwrap returns the embedded APIConnectionError, for errors.As.
func (e *APITimeoutError) Unwrap() error { return &e.APIConnectionError }

// TransferError is a file transfer that could not be completed, such as a destination
// that would escape its folder or a local file that is a symlink, FIFO or device.
type TransferError struct {
	Message string
	// Path is the local or remote path concerned.
	Path string
	Err  error
}

// Error returns the path and the message.
func (e *TransferError) Error() string {
	if e.Path == "" {
		return e.Message
	}
	return e.Path + ": " + e.Message
}

// Unwrap returns the cause, if any.
func (e *TransferError) Unwrap() error { return e.Err }

// IntegrityError is transferred data whose size or sha256 does not match the server's.
type IntegrityError struct{ TransferError }

// Unwrap returns the embedded TransferError, for errors.As.
func (e *IntegrityError) Unwrap() error { return &e.TransferError }
