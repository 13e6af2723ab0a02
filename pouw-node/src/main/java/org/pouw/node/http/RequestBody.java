package org.pouw.node.http;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.pouw.core.PouwException;
import org.pouw.core.Problem;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.JsonNode;

/**
 * A parsed JSON request body with typed reads whose errors name the field (§5: a 4xx naming the field, and no
 * state change). Unknown fields are rejected too, so a misspelt option is never silently ignored.
 */
public final class RequestBody {
    private final JsonNode root;

    private RequestBody(JsonNode root) {
        this.root = root;
    }

    public static RequestBody parse(byte[] bytes, List<String> allowedFields) {
        JsonNode root;
        try {
            root = ApiJson.MAPPER.readTree(bytes);
        } catch (StreamReadException e) {
            String duplicate = DuplicateKey.path(e);
            if (duplicate != null) {
                throw PouwException.invalid(duplicate, "duplicate key " + DuplicateKey.quotedName(e)
                        + ": each key may appear once in an object");
            }
            throw new PouwException(Problem.MALFORMED_JSON, "body is not valid JSON: " + e.getOriginalMessage());
        } catch (JacksonException e) {
            throw new PouwException(Problem.MALFORMED_JSON, "body is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new PouwException(Problem.MALFORMED_JSON, "body must be a JSON object");
        }
        return of(root, allowedFields);
    }

    /** An object inside a body (an item of a list) read as a body of its own, with the same checks. */
    public static RequestBody of(JsonNode object, List<String> allowedFields) {
        if (object == null || !object.isObject()) {
            throw new PouwException(Problem.INVALID_REQUEST, null, "must be a JSON object");
        }
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            if (!allowedFields.contains(field.getKey())) {
                throw PouwException.invalid(field.getKey(), "unknown field (expected one of "
                        + String.join(", ", allowedFields) + ")");
            }
        }
        return new RequestBody(object);
    }

    public boolean has(String field) {
        JsonNode node = root.get(field);
        return node != null && !node.isNull();
    }

    public String string(String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            throw PouwException.invalid(field, "is required");
        }
        if (!node.isString()) {
            throw PouwException.invalid(field, "must be a string");
        }
        return node.stringValue();
    }

    public String string(String field, String fallback) {
        return has(field) ? string(field) : fallback;
    }

    public long integer(String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            throw PouwException.invalid(field, "is required");
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw PouwException.invalid(field, "must be a whole number");
        }
        return node.longValue();
    }

    public long integer(String field, long fallback) {
        return has(field) ? integer(field) : fallback;
    }

    public byte[] base64(String field) {
        String text = string(field);
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException standardFailed) {
            try {
                return Base64.getUrlDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                throw PouwException.invalid(field, "must be base64");
            }
        }
    }

    public List<String> strings(String field) {
        List<String> out = new ArrayList<>();
        if (!has(field)) {
            return out;
        }
        JsonNode node = root.get(field);
        if (!node.isArray()) {
            throw PouwException.invalid(field, "must be an array of strings");
        }
        for (JsonNode item : node) {
            if (!item.isString()) {
                throw PouwException.invalid(field, "must be an array of strings");
            }
            out.add(item.stringValue());
        }
        return out;
    }

    /** The field as its raw JSON node (for arrays whose items the caller checks itself). */
    public JsonNode node(String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            throw PouwException.invalid(field, "is required");
        }
        return node;
    }
}
