package org.zeofreeze.apply;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.util.stream.Collectors;

/**
 * Says in a few words what is wrong with a JSON file ZeoFreeze wrote (a record, a journal) that
 * no longer reads back: Jackson's own messages name Java classes, which tell the reader nothing.
 */
public final class JsonProblems {
    private JsonProblems() {}

    /** A phrase such as "it is not valid JSON (line 3, column 7)" or "'header.mode' is missing". */
    public static String describe(JsonProcessingException e) {
        String where = e.getLocation() == null
                ? ""
                : " (line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr() + ")";
        if (e instanceof StreamReadException) {
            return "it is not valid JSON" + where;
        }
        if (e instanceof JsonMappingException m) {
            String path = path(m);
            if (m instanceof InvalidTypeIdException t) {
                return (path.isEmpty() ? "an entry" : "'" + path + "'") + " has an unknown kind '" + t.getTypeId()
                        + "'";
            }
            if (m instanceof ValueInstantiationException
                    && m.getCause() instanceof IllegalArgumentException iae
                    && iae.getMessage() != null) {
                return iae.getMessage() + (path.isEmpty() ? "" : " (in '" + path + "')");
            }
            if (m instanceof ValueInstantiationException) {
                return (path.isEmpty() ? "a value it needs is missing" : "a value '" + path + "' needs is missing");
            }
            return (path.isEmpty() ? "its content" : "'" + path + "'") + " is not what ZeoFreeze writes there" + where;
        }
        return "it cannot be read" + where;
    }

    private static String path(JsonMappingException m) {
        return m.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }
}
