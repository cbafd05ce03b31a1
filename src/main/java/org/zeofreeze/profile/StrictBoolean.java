package org.zeofreeze.profile;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import java.io.IOException;

/**
 * A profile switch that only JSON {@code true} turns on: Jackson would also take {@code 1} or
 * {@code "true"}, and a switch that lets ZeoFreeze edit files it otherwise refuses must not be
 * turned on by a value that was meant as something else.
 */
final class StrictBoolean extends JsonDeserializer<Boolean> {
    @Override
    public Boolean deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_TRUE) {
            return true;
        }
        if (p.currentToken() == JsonToken.VALUE_FALSE) {
            return false;
        }
        String name = p.currentName();
        JsonToken t = p.currentToken();
        String value = t.isStructStart()
                ? t == JsonToken.START_ARRAY ? "a list" : "an object"
                : t == JsonToken.VALUE_STRING ? "the string \"" + p.getText() + "\"" : p.getText();
        return (Boolean) ctxt.reportInputMismatch(
                this,
                "\"" + name + "\" is " + value + "; write true or false (without quotes), or leave it out for false");
    }

    @Override
    public Boolean getNullValue(DeserializationContext ctxt) {
        return false;
    }
}
