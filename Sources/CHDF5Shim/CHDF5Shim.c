#include "CHDF5Shim.h"
#include <string.h>

hid_t kd_h5t_native_float(void) { return H5T_NATIVE_FLOAT; }
hid_t kd_h5t_native_double(void) { return H5T_NATIVE_DOUBLE; }
hid_t kd_h5t_native_int32(void) { return H5T_NATIVE_INT32; }
hid_t kd_h5t_native_int64(void) { return H5T_NATIVE_INT64; }
hid_t kd_h5t_native_uint8(void) { return H5T_NATIVE_UINT8; }
hid_t kd_h5t_c_s1(void) { return H5T_C_S1; }
hid_t kd_h5p_default(void) { return H5P_DEFAULT; }
hid_t kd_h5p_dataset_create(void) { return H5P_DATASET_CREATE; }
hid_t kd_h5p_dataset_access(void) { return H5P_DATASET_ACCESS; }
hid_t kd_h5p_file_access(void) { return H5P_FILE_ACCESS; }
hid_t kd_h5p_file_create(void) { return H5P_FILE_CREATE; }
hid_t kd_h5p_group_create(void) { return H5P_GROUP_CREATE; }
hid_t kd_h5s_all(void) { return H5S_ALL; }
size_t kd_h5t_variable(void) { return H5T_VARIABLE; }
unsigned kd_h5f_acc_rdonly(void) { return H5F_ACC_RDONLY; }
unsigned kd_h5f_acc_rdwr(void) { return H5F_ACC_RDWR; }
unsigned kd_h5f_acc_excl(void) { return H5F_ACC_EXCL; }
void kd_h5_silence_errors(void) { H5Eset_auto2(H5E_DEFAULT, NULL, NULL); }

struct kd_error_sink { char *buffer; size_t capacity; };

/* Walking upward visits the innermost (deepest) error first; keep only that one. */
static herr_t kd_keep_innermost(unsigned n, const H5E_error2_t *error, void *data) {
    struct kd_error_sink *sink = data;
    if (n == 0 && error->desc != NULL) {
        strncpy(sink->buffer, error->desc, sink->capacity - 1);
        sink->buffer[sink->capacity - 1] = '\0';
    }
    return 0;
}

void kd_h5_take_error_message(char *buffer, size_t capacity) {
    if (capacity == 0) return;
    buffer[0] = '\0';
    struct kd_error_sink sink = { buffer, capacity };
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, kd_keep_innermost, &sink);
    H5Eclear2(H5E_DEFAULT);
}
