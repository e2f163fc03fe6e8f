package errors_test

import (
	"context"
	stderrors "errors"
	"testing"

	"github.com/omnivector-solutions/vantage-sdk-go/vantage/errors"
)

func TestErrorTextNamesStatusFieldsCodeAndRequestID(t *testing.T) {
	err := &errors.ValidationError{VantageAPIError: errors.VantageAPIError{
		StatusCode: 422, Message: "invalid job", Code: "invalid", RequestID: "req-1", Attempts: 2,
		Details: errors.FieldErrors{{Field: "spec.command", Message: "must not be empty"}},
	}}
	want := "422 invalid job [spec.command: must not be empty] (code=invalid, request_id=req-1, attempts=2)"
	if err.Error() != want {
		t.Fatalf("got %q, want %q", err.Error(), want)
	}
}

func TestEveryKindUnwrapsToItsBase(t *testing.T) {
	base := errors.VantageAPIError{StatusCode: 500, RequestID: "req-9"}
	kinds := []error{
		&errors.ValidationError{VantageAPIError: base}, &errors.AuthenticationError{VantageAPIError: base},
		&errors.AuthorizationError{VantageAPIError: base}, &errors.ResourceNotFoundError{VantageAPIError: base},
		&errors.ConflictError{VantageAPIError: base}, &errors.PayloadTooLargeError{VantageAPIError: base},
		&errors.RateLimitError{VantageAPIError: base}, &errors.ServerError{VantageAPIError: base},
		&errors.UnexpectedResponseError{VantageAPIError: base},
	}
	for _, err := range kinds {
		var got *errors.VantageAPIError
		if !stderrors.As(err, &got) || got.RequestID != "req-9" {
			t.Errorf("%T does not unwrap to *VantageAPIError", err)
		}
	}
	timeout := &errors.APITimeoutError{APIConnectionError: errors.APIConnectionError{Message: "timed out", Err: context.DeadlineExceeded}}
	var conn *errors.APIConnectionError
	if !stderrors.As(timeout, &conn) || !stderrors.Is(timeout, context.DeadlineExceeded) {
		t.Error("*APITimeoutError does not unwrap to *APIConnectionError and its cause")
	}
	integrity := &errors.IntegrityError{TransferError: errors.TransferError{Path: "/a", Message: "bad sha256"}}
	var transfer *errors.TransferError
	if !stderrors.As(integrity, &transfer) || integrity.Error() != "/a: bad sha256" {
		t.Errorf("*IntegrityError: %v", integrity)
	}
}
