#ifndef KDZOO_CHDF5SHIM_H
#define KDZOO_CHDF5SHIM_H
#include <hdf5.h>

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
hid_t kd_h5p_file_access(void);
hid_t kd_h5s_all(void);
/* Turns off HDF5's automatic error-stack printing to stderr. */
void kd_h5_silence_errors(void);
#endif
