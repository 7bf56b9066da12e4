#ifndef KDZOO_CHDF5SHIM_H
#define KDZOO_CHDF5SHIM_H
#include <hdf5.h>
#include <stddef.h>

/* HDF5's H5T_NATIVE_* and H5P_DEFAULT are macros that expand to run-time
   globals (after H5open), which Swift cannot import; these functions expose them. */
hid_t kd_h5t_native_float(void);
hid_t kd_h5t_native_double(void);
hid_t kd_h5t_native_int32(void);
hid_t kd_h5t_native_int64(void);
hid_t kd_h5t_native_uint8(void);
hid_t kd_h5t_c_s1(void);
hid_t kd_h5p_default(void);
hid_t kd_h5p_dataset_create(void);
hid_t kd_h5p_dataset_access(void);
hid_t kd_h5p_file_access(void);
hid_t kd_h5p_file_create(void);
hid_t kd_h5p_group_create(void);
hid_t kd_h5s_all(void);
/* H5T_VARIABLE: the size of a variable-length string type. */
size_t kd_h5t_variable(void);
/* File access flags (macros that call H5open). */
unsigned kd_h5f_acc_rdonly(void);
unsigned kd_h5f_acc_rdwr(void);
unsigned kd_h5f_acc_excl(void);
/* Turns off HDF5's automatic error-stack printing to stderr. In a thread-safe build
   the setting is per thread, so call it on every thread that uses HDF5. */
void kd_h5_silence_errors(void);
/* Copies the description of the innermost error on this thread's HDF5 error stack
   (the one closest to the cause) into `buffer`, and clears the stack.
   Writes an empty string when the stack is empty. */
void kd_h5_take_error_message(char *buffer, size_t capacity);
#endif
