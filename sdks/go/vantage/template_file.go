package vantage

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"go.yaml.in/yaml/v3"
)

// maxTemplateFile caps a job template file; a template is a few kilobytes.
const maxTemplateFile = 1 << 20

// loadTemplateFile reads a YAML (or JSON, which is YAML) job template, refusing unknown fields.
func loadTemplateFile(path string) (*JobTemplate, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, fieldError("path", err.Error())
	}
	if !info.Mode().IsRegular() {
		return nil, fieldError("path", fmt.Sprintf("%s is not a regular file", path))
	}
	if info.Size() > maxTemplateFile {
		return nil, fieldError("path", fmt.Sprintf("%s is larger than %d bytes", path, maxTemplateFile))
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fieldError("path", err.Error())
	}
	var document any
	if err := yaml.Unmarshal(raw, &document); err != nil {
		return nil, fieldError("path", fmt.Sprintf("%s: invalid YAML: %v", path, err))
	}
	// Through JSON, so the template's field names are the API's (working_dir, timeout_seconds).
	asJSON, err := json.Marshal(document)
	if err != nil {
		return nil, fieldError("path", fmt.Sprintf("%s: %v", path, err))
	}
	decoder := json.NewDecoder(bytes.NewReader(asJSON))
	decoder.DisallowUnknownFields()
	var template JobTemplate
	if err := decoder.Decode(&template); err != nil {
		return nil, fieldError("path", fmt.Sprintf("%s: not a job template: %s", path, strings.TrimPrefix(err.Error(), "json: ")))
	}
	return &template, nil
}
