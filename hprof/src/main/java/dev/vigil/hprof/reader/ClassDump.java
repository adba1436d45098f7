package dev.vigil.hprof.reader;

/**
 * One CLASS_DUMP sub-record. Static and constant-pool values are raw bits (identifiers for object
 * values, sign-extended integers otherwise). Instance fields are the ones the class declares itself;
 * an instance's field values follow the superclass chain (own fields first, then the superclass's).
 */
public record ClassDump(
        long recordOffset,
        long classId,
        long superClassId,
        long classLoaderId,
        long signersId,
        long protectionDomainId,
        int instanceSizeBytes,
        long[] constantPoolObjectIds,
        long[] staticFieldNameIds,
        byte[] staticFieldTypes,
        long[] staticFieldValues,
        long[] instanceFieldNameIds,
        byte[] instanceFieldTypes) {
}
