package dev.vigil.hprof.graph;

/**
 * How Vigil turns HPROF records into shallow sizes. HPROF records neither the object header size
 * nor the real field layout: CLASS_DUMP's instance size is just the sum of the field sizes with
 * every reference counted at the identifier size. Vigil therefore models HotSpot:
 * <pre>
 *   instance = align(objectHeaderBytes + sum(field sizes, references at referenceBytes), objectAlignmentBytes)
 *   array    = align(arrayHeaderBytes + length * element size, objectAlignmentBytes)
 * </pre>
 * The default for 8-byte identifiers is 64-bit HotSpot with compressed oops and compressed class
 * pointers (the default for heaps under 32 GB): 12-byte header, 16-byte array header, 4-byte
 * references, 8-byte alignment. Field packing gaps are ignored (HotSpot packs fields since JDK 15,
 * so the sum is exact for almost every class).
 */
public record SizeModel(int objectHeaderBytes, int arrayHeaderBytes, int referenceBytes, int objectAlignmentBytes) {

    /** 64-bit HotSpot, compressed oops and compressed class pointers (heaps under 32 GB). */
    public static final SizeModel HOTSPOT_64_COMPRESSED_OOPS = new SizeModel(12, 16, 4, 8);
    /** 64-bit HotSpot without compressed oops (-XX:-UseCompressedOops), compressed class pointers on. */
    public static final SizeModel HOTSPOT_64_UNCOMPRESSED_OOPS = new SizeModel(12, 16, 8, 8);
    /** 32-bit HotSpot. */
    public static final SizeModel HOTSPOT_32 = new SizeModel(8, 12, 4, 8);

    public SizeModel {
        if (objectAlignmentBytes < 8 || Integer.bitCount(objectAlignmentBytes) != 1) {
            throw new IllegalArgumentException("object alignment must be a power of two >= 8: " + objectAlignmentBytes);
        }
    }

    /** The default model for a dump with the given identifier size. */
    public static SizeModel forIdentifierSize(int idSizeBytes) {
        return idSizeBytes == 4 ? HOTSPOT_32 : HOTSPOT_64_COMPRESSED_OOPS;
    }

    public long instanceBytes(long fieldBytes) {
        return align(objectHeaderBytes + fieldBytes);
    }

    public long arrayBytes(long length, int elementBytes) {
        return align(arrayHeaderBytes + length * elementBytes);
    }

    public long align(long bytes) {
        long mask = objectAlignmentBytes - 1L;
        return (bytes + mask) & ~mask;
    }
}
